using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Metrics;

/// <summary>A silo's counters since it started.</summary>
[GenerateSerializer, Immutable, Alias("wf.SiloActivityTotals")]
public sealed record SiloActivityTotals([property: Id(0)] long RoundTrips, [property: Id(1)] long ApprovalActions);

/// <summary>What one silo reported last: its totals, and the rates since its report before.</summary>
[GenerateSerializer, Immutable, Alias("wf.SiloActivity")]
public sealed record SiloActivity(
    [property: Id(0)] string Silo, [property: Id(1)] DateTimeOffset ReportedAt, [property: Id(2)] SiloActivityTotals Totals,
    [property: Id(3)] double RoundTripsPerSecond, [property: Id(4)] double ApprovalActionsPerSecond);

/// <summary>
/// What the cluster is doing, for the dashboard's cluster view: every silo reports its counters here every second, so
/// one call answers for all of them (each silo's metrics are its own, and the round trips of a request count on the
/// silo its grain lives on).
/// </summary>
[Alias("wf.cluster-activity")]
public interface IClusterActivityGrain : IGrainWithIntegerKey
{
    Task Report(string silo, DateTimeOffset at, SiloActivityTotals totals);

    /// <summary>The last report of each silo that reported within <paramref name="maxAge"/>.</summary>
    Task<IReadOnlyList<SiloActivity>> Get(TimeSpan maxAge);
}

/// <summary>
/// Kept in memory only: after a restart the silos fill it again within a second. Rates are per real second, so it reads
/// the system clock, not the engine's (which tests move).
/// </summary>
public sealed class ClusterActivityGrain : Grain, IClusterActivityGrain
{
    private readonly Dictionary<string, SiloActivity> _silos = [];

    public Task Report(string silo, DateTimeOffset at, SiloActivityTotals totals)
    {
        var rates = (RoundTrips: 0.0, Actions: 0.0);
        if (_silos.TryGetValue(silo, out var last) && at > last.ReportedAt && totals.RoundTrips >= last.Totals.RoundTrips)
        {
            var seconds = (at - last.ReportedAt).TotalSeconds;
            rates = ((totals.RoundTrips - last.Totals.RoundTrips) / seconds, (totals.ApprovalActions - last.Totals.ApprovalActions) / seconds);
        }
        _silos[silo] = new SiloActivity(silo, at, totals, rates.RoundTrips, rates.Actions);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloActivity>> Get(TimeSpan maxAge)
    {
        var since = TimeProvider.System.GetUtcNow() - maxAge;
        foreach (var gone in _silos.Values.Where(s => s.ReportedAt < since).Select(s => s.Silo).ToList())
            _silos.Remove(gone);
        return Task.FromResult<IReadOnlyList<SiloActivity>>(_silos.Values.OrderBy(s => s.Silo, StringComparer.Ordinal).ToList());
    }
}

/// <summary>Reports this silo's <see cref="EngineMetrics.Totals"/> to the <see cref="IClusterActivityGrain"/> every second.</summary>
public sealed class ClusterActivityReporter(IGrainFactory grains, ILocalSiloDetails silo, ILogger<ClusterActivityReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var activity = grains.GetGrain<IClusterActivityGrain>(0);
        // A cadence on real time, like the outbox relay's polling: the rates are per real second.
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await activity.Report(silo.SiloAddress.ToString(), TimeProvider.System.GetUtcNow(), EngineMetrics.Totals);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogDebug(exception, "Reporting this silo's activity failed; the next second reports again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
