using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;
using Workflow.Engine.Metrics;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.System;

/// <summary>What the cluster's silos hold, from Orleans' own management grain, for operators.</summary>
public static class RuntimeEndpoints
{
    public static void MapRuntimeEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/system/grains", GetGrainsAsync)
            .WithTags("System")
            .RequireAuthorization(CallerClaims.SystemAdministratorPolicy);
        api.MapGet("/system/cluster", GetClusterAsync)
            .WithTags("System")
            .RequireAuthorization(CallerClaims.SystemAdministratorPolicy);
    }

    /// <summary>
    /// The dashboard's cluster view: each silo's membership status, activations, and round trips and approval actions
    /// per second (from the silos' own reports; a silo that stopped reporting shows none).
    /// </summary>
    private static async Task<Ok<ClusterActivityView>> GetClusterAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var reports = (await grains.GetGrain<IClusterActivityGrain>(0).Get(ReportsKept)).ToDictionary(r => r.Silo);
        var silos = hosts
            .Where(host => host.Value is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown or SiloStatus.Stopping)
            .Select(host =>
            {
                var report = reports.GetValueOrDefault(host.Key.ToString());
                return new SiloActivityView(
                    host.Key.ToString(), host.Value.ToString(),
                    statistics.Where(s => s.SiloAddress.Equals(host.Key)).Sum(s => s.ActivationCount),
                    report?.RoundTripsPerSecond ?? 0, report?.ApprovalActionsPerSecond ?? 0,
                    report?.Totals.RoundTrips ?? 0, report?.ReportedAt);
            })
            .OrderBy(s => s.Silo, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new ClusterActivityView(silos, silos.Sum(s => s.Activations),
            silos.Sum(s => s.RoundTripsPerSecond), silos.Sum(s => s.ApprovalActionsPerSecond)));
    }

    // A few missed seconds of reports still count as the silo's latest.
    private static readonly TimeSpan ReportsKept = TimeSpan.FromSeconds(10);

    /// <summary>The cluster now: its live silos and what they do per second.</summary>
    public sealed record ClusterActivityView(IReadOnlyList<SiloActivityView> Silos, int Activations, double RoundTripsPerSecond, double ApprovalActionsPerSecond);

    /// <summary>One silo: address, membership status, activations, and its rates over its last second reported.</summary>
    public sealed record SiloActivityView(string Silo, string Status, int Activations, double RoundTripsPerSecond, double ApprovalActionsPerSecond,
        long RoundTripsSinceStart, DateTimeOffset? ReportedAt);

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
