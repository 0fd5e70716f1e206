using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Errors;
using Workflow.Engine.Live;
using Workflow.Server.Authentication;

namespace Workflow.Server.Live;

/// <summary>The caller's live feed over plain HTTP: what the hub's <c>GetMissed</c> answers, for clients without SignalR.</summary>
public static class FeedEndpoints
{
    public static void MapFeedEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/feed", List).WithTags("Live");

    private static async Task<Ok<IReadOnlyList<FeedMessage>>> List(ClaimsPrincipal user, UserFeed feed, HttpContext context, long after = 0, int take = 100)
    {
        if (after < 0)
            throw new ValidationFailedException("after", "must not be negative.");
        if (take is < 1 or > UserFeed.MaxPage)
            throw new ValidationFailedException("take", $"must be between 1 and {UserFeed.MaxPage}.");
        var caller = user.Caller();
        return TypedResults.Ok(await feed.ListAsync(caller.TenantId, caller.UserId, after, take, context.RequestAborted));
    }
}

/// <summary>Puts the live hub into the server.</summary>
public static class LiveServices
{
    public static IServiceCollection AddLiveHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<LiveWatches>();
        services.AddSingleton<LiveHubObserver>();
        services.AddHostedService<LiveHubRegistration>();
        return services;
    }
}
