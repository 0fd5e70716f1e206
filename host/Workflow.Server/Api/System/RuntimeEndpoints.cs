using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.System;

/// <summary>What the cluster's silos hold, from Orleans' own management grain, for operators.</summary>
public static class RuntimeEndpoints
{
    public static void MapRuntimeEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/system/grains", GetGrainsAsync)
            .WithTags("System")
            .RequireAuthorization(CallerClaims.SystemAdministratorPolicy);

    private static async Task<Ok<ClusterGrainsView>> GetGrainsAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var silos = hosts
            .Select(host => new SiloGrainsView(
                host.Key.ToString(),
                host.Value.ToString(),
                statistics.Where(s => s.SiloAddress.Equals(host.Key))
                    .ToDictionary(s => s.GrainType, s => s.ActivationCount)))
            .OrderBy(s => s.Silo, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new ClusterGrainsView(silos, silos.Sum(s => s.ActivationsByGrainType.Values.Sum())));
    }

    /// <summary>The cluster's silos and the activations each holds.</summary>
    public sealed record ClusterGrainsView(IReadOnlyList<SiloGrainsView> Silos, int Activations);

    /// <summary>One silo: its address, its membership status, its activations by grain class.</summary>
    public sealed record SiloGrainsView(string Silo, string Status, IReadOnlyDictionary<string, int> ActivationsByGrainType);
}
