using System.Diagnostics.Metrics;

namespace Workflow.Engine.Metrics;

/// <summary>
/// The engine's own metrics (meter <c>Workflow.Engine</c>), in one place so every feature counts the same way. Each
/// server exports them, with Orleans' and ASP.NET Core's, on <c>/metrics</c>; a cluster's totals are the sum over its
/// servers.
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "Workflow.Engine";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> ApprovalActions = Meter.CreateCounter<long>(
        "workflow.approval.actions", "{action}", "Approve, reject, delegate and cancel actions taken on approval requests, by action.");

    private static readonly Counter<long> RoundTrips = Meter.CreateCounter<long>(
        "workflow.approval.round_trips", "{request}",
        "Approval requests answered to their end (no entry left pending), by outcome: a document sent, decided and released or stopped.");

    private static readonly Counter<long> NotificationDeliveries = Meter.CreateCounter<long>(
        "workflow.notification.deliveries", "{delivery}", "Notification deliveries attempted, by method and outcome (Sent, Failed).");

    private static long _outboxLagMs, _approvalActionsTotal, _roundTripsTotal;

    /// <summary>This process's totals since it started, for the cluster view (<see cref="ClusterActivityReporter"/>).</summary>
    public static SiloActivityTotals Totals => new(Interlocked.Read(ref _roundTripsTotal), Interlocked.Read(ref _approvalActionsTotal));

    static EngineMetrics() =>
        Meter.CreateObservableGauge("workflow.outbox.lag", () => Interlocked.Read(ref _outboxLagMs) / 1000.0, "s",
            "Age of the oldest stored event due to be raised, when the relay last looked (0: nothing waiting).");

    /// <summary>Counts an approval action that was stored.</summary>
    public static void ApprovalAction(string action)
    {
        Interlocked.Increment(ref _approvalActionsTotal);
        ApprovalActions.Add(1, new KeyValuePair<string, object?>("action", action));
    }

    /// <summary>Counts an approval request that has no pending entry left, with how it ended.</summary>
    public static void RoundTrip(string outcome)
    {
        Interlocked.Increment(ref _roundTripsTotal);
        RoundTrips.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>Counts one delivery attempt of a notification entry (the dispatcher and the live push call this).</summary>
    public static void NotificationDelivery(string method, bool sent) =>
        NotificationDeliveries.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", sent ? "Sent" : "Failed"));

    /// <summary>The age of the oldest due outbox event the relay found (zero when it found none).</summary>
    public static void OutboxLag(TimeSpan lag) => Interlocked.Exchange(ref _outboxLagMs, Math.Max(0, (long)lag.TotalMilliseconds));
}
