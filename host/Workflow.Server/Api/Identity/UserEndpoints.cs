using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Errors;
using Workflow.Engine.Identity;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Identity;

/// <summary>The caller, the tenant's users and their API tokens. Every query takes the caller's tenant.</summary>
public static class UserEndpoints
{
    public sealed record CreateUserRequest(string? UserId, string? DisplayName, bool IsAdministrator = false, string? Email = null, string? TimeZone = null);
    public sealed record UpdateUserRequest(string? DisplayName = null, string? Email = null, string? TimeZone = null);
    public sealed record CreateTokenRequest(string? Name);
    /// <summary>A user; <c>timeZone</c> is the IANA id their notification schedules' times of day are in (UTC unless set).</summary>
    public sealed record UserResponse(string UserId, string DisplayName, bool IsAdministrator, DateTimeOffset CreatedAt, string? Email, string TimeZone);
    public sealed record TokenResponse(string TokenId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
    public sealed record IssuedTokenResponse(string TokenId, string UserId, string Name, DateTimeOffset CreatedAt, string Token);
    public sealed record MeResponse(string TenantId, string UserId, string DisplayName, bool IsAdministrator, bool IsSystemTenant);

    public static void MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", GetMe).WithTags("Identity");

        var users = api.MapGroup("/users").WithTags("Identity");
        users.MapGet("/", ListUsers);
        users.MapGet("/{userId}", GetUser);
        users.MapPost("/", CreateUser).RequireAuthorization(CallerClaims.TenantAdministratorPolicy).Accepts<CreateUserRequest>("application/json");
        users.MapMethods("/{userId}", ["PATCH"], UpdateUser).Accepts<UpdateUserRequest>("application/json");
        users.MapGet("/{userId}/tokens", ListTokens);
        users.MapPost("/{userId}/tokens", IssueToken).Accepts<CreateTokenRequest>("application/json");
        users.MapDelete("/{userId}/tokens/{tokenId}", RevokeToken);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(ClaimsPrincipal principal, IdentityStore identity, HttpContext context)
    {
        var caller = principal.Caller();
        var user = await identity.FindUserAsync(caller.TenantId, caller.UserId, context.RequestAborted);
        if (user is null)
            return Problems.NotFound(context, "Your user no longer exists.");
        return TypedResults.Ok(new MeResponse(caller.TenantId, user.UserId, user.DisplayName, user.IsAdministrator, caller.IsSystemTenant));
    }

    private static async Task<Ok<IEnumerable<UserResponse>>> ListUsers(ClaimsPrincipal principal, IdentityStore identity, HttpContext context)
    {
        var users = await identity.ListUsersAsync(principal.Caller().TenantId, context.RequestAborted);
        return TypedResults.Ok(users.Select(ToResponse));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUser(string userId, ClaimsPrincipal principal, IdentityStore identity, HttpContext context)
    {
        var user = await identity.FindUserAsync(principal.Caller().TenantId, userId, context.RequestAborted);
        return user is null ? Problems.NotFound(context, $"User '{userId}' does not exist.") : TypedResults.Ok(ToResponse(user));
    }

    private static async Task<Created<UserResponse>> CreateUser(HttpRequest request, ClaimsPrincipal principal, IdentityStore identity, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<CreateUserRequest>(request, limits);
        var user = await identity.CreateUserAsync(principal.Caller().TenantId, body.UserId!, body.DisplayName!, body.IsAdministrator, request.HttpContext.RequestAborted, body.Email, body.TimeZone);
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(user.UserId)}", ToResponse(user));
    }

    /// <summary>
    /// A user changes their own display name, e-mail address (an empty one removes it) and time zone (an IANA id; empty
    /// is UTC again); administrators anyone's.
    /// </summary>
    private static async Task<Ok<UserResponse>> UpdateUser(string userId, HttpRequest request, ClaimsPrincipal principal, IdentityStore identity, ApiOptions limits)
    {
        var caller = principal.Caller();
        if (!caller.IsAdministrator && caller.UserId != IdentityRules.NormalizeUserId(userId))
            throw new ForbiddenException("Only administrators change other users.");
        var body = await JsonBody.ReadAsync<UpdateUserRequest>(request, limits);
        var user = await identity.UpdateUserAsync(caller.TenantId, userId, body.DisplayName, body.Email, request.HttpContext.RequestAborted, body.TimeZone)
            ?? throw new NotFoundException($"User '{userId}' does not exist.");
        return TypedResults.Ok(ToResponse(user));
    }

    private static async Task<Ok<IEnumerable<TokenResponse>>> ListTokens(string userId, ClaimsPrincipal principal, IdentityStore identity, HttpContext context)
    {
        var caller = SelfOrAdministrator(principal, userId);
        await RequireUserAsync(identity, caller.TenantId, userId, context);
        var tokens = await identity.ListTokensAsync(caller.TenantId, userId, context.RequestAborted);
        return TypedResults.Ok(tokens.Select(t => new TokenResponse(t.TokenId, t.Name, t.CreatedAt, t.RevokedAt)));
    }

    private static async Task<Created<IssuedTokenResponse>> IssueToken(string userId, HttpRequest request, ClaimsPrincipal principal, IdentityStore identity, ApiOptions limits)
    {
        var caller = SelfOrAdministrator(principal, userId);
        var body = await JsonBody.ReadAsync<CreateTokenRequest>(request, limits);
        IdentityRules.CheckName("name", body.Name);
        var issued = await identity.IssueTokenAsync(caller.TenantId, userId, body.Name!, cancellationToken: request.HttpContext.RequestAborted);
        return TypedResults.Created(
            $"/api/v1/users/{Uri.EscapeDataString(issued.Info.UserId)}/tokens/{issued.Info.TokenId}",
            new IssuedTokenResponse(issued.Info.TokenId, issued.Info.UserId, issued.Info.Name, issued.Info.CreatedAt, issued.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(string userId, string tokenId, ClaimsPrincipal principal, IdentityStore identity, HttpContext context)
    {
        var caller = SelfOrAdministrator(principal, userId);
        return await identity.RevokeTokenAsync(caller.TenantId, userId, tokenId, context.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound(context, $"User '{userId}' has no token '{tokenId}'.");
    }

    /// <summary>A user manages their own tokens; an administrator manages everyone's in the tenant.</summary>
    private static CallerIdentity SelfOrAdministrator(ClaimsPrincipal principal, string userId)
    {
        var caller = principal.Caller();
        if (!caller.IsAdministrator && caller.UserId != IdentityRules.NormalizeUserId(userId))
            throw new ForbiddenException("Only administrators manage other users' tokens.");
        return caller;
    }

    private static async Task RequireUserAsync(IdentityStore identity, string tenantId, string userId, HttpContext context)
    {
        if (await identity.FindUserAsync(tenantId, userId, context.RequestAborted) is null)
            throw new NotFoundException($"User '{userId}' does not exist.");
    }

    private static UserResponse ToResponse(WorkflowUser user) => new(user.UserId, user.DisplayName, user.IsAdministrator, user.CreatedAt, user.Email, user.TimeZone ?? IdentityRules.DefaultTimeZone);
}
