using System.Diagnostics;
using Workflow.Abstractions;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Engine.Records;
using Workflow.Engine.Workflows;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 2: the cost of raising one event when N enabled workflows start on that event but none of their conditions
/// match the record, and when a number of them do (each starting an instance that runs to its end). Workflow i starts on VENDOR_CREATED (built-in purchasing plugin) when <c>No. = WF-i</c>; the
/// events carry <c>No. = NOMATCH</c>, on a fresh vendor each (so each event is what a new record costs).
/// </summary>
/// <remarks>
/// Enabling through <see cref="WorkflowService.EnableAsync"/> checks the new workflow's entry conditions against every
/// enabled workflow on the same event (it reads them all), so enabling 10,000 one by one is quadratic. The bulk is
/// therefore inserted already enabled through the engine's <see cref="WorkflowStore"/> (same rows, same entry-point
/// index), in parallel; then one more workflow is created and enabled through <see cref="WorkflowService"/>, which
/// validates it and proves the bulk's conditions are disjoint from it.
/// </remarks>
public sealed class EventDispatch(EngineNode node)
{
    private const string EventCode = "VENDOR_CREATED";

    private readonly WorkflowStore _store = node.Get<WorkflowStore>();
    private readonly WorkflowService _service = node.Get<WorkflowService>();
    private readonly WorkflowEventService _events = node.Get<WorkflowEventService>();
    private int _enabled;
    private int _records;
    private int _matching;

    public int Enabled => _enabled;

    /// <summary>Brings the enabled count up to <paramref name="count"/>; returns the seconds it took.</summary>
    public async Task<double> GrowToAsync(int count, int parallelism)
    {
        var clock = Stopwatch.StartNew();
        var bulkUpTo = count - 1; // the last one goes through WorkflowService, validated
        var next = _enabled;
        await Parallel.ForEachAsync(Enumerable.Range(next, Math.Max(0, bulkUpTo - next)),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, ct) => await _store.InsertAsync(EngineNode.Tenant, Definition(i, enabled: true), ct));
        var last = Definition(bulkUpTo, enabled: false);
        await _service.CreateAsync(EngineNode.Tenant, new WorkflowService.WorkflowDraft(last.Code, last.Description, null, null, false, last.Steps), CancellationToken.None);
        await _service.EnableAsync(EngineNode.Tenant, last.Code, null, CancellationToken.None);
        _enabled = count;
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Adds <paramref name="count"/> enabled workflows whose entry point every VENDOR_CREATED event matches (no
    /// conditions; each shows a message and completes). Inserted through the store: the engine refuses to enable
    /// workflows whose entry points overlap, so this fan-out is what a tenant gets only by bypassing that rule, and it
    /// measures the cost of starting many instances from one event.
    /// </summary>
    public async Task AddMatchingAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _store.InsertAsync(EngineNode.Tenant, Definition(i, enabled: true, matchAll: true), CancellationToken.None);
        _matching = count;
    }

    /// <summary>Mean microseconds per event over sequential raises (after a warm-up), bounded by count and time.</summary>
    public async Task<(double MeanMicros, int Events)> MeasureAsync(int maxEvents, TimeSpan maxTime)
    {
        for (var i = 0; i < 5; i++)
            await RaiseOnFreshRecordAsync();
        var clock = Stopwatch.StartNew();
        var events = 0;
        while (events < maxEvents && (events < 10 || clock.Elapsed < maxTime))
        {
            await RaiseOnFreshRecordAsync();
            events++;
        }
        return (clock.Elapsed.TotalMicroseconds / events, events);
    }

    private async Task RaiseOnFreshRecordAsync()
    {
        var recordId = $"V-{_enabled}-{Interlocked.Increment(ref _records)}";
        var result = await _events.RaiseAsync(EngineNode.Tenant, null, new WorkflowEventService.RaiseEventRequest(
            EventCode, null, recordId, new Dictionary<string, string?> { ["No."] = "NOMATCH" }, null, null), CancellationToken.None);
        if (result.StartedInstances.Count != _matching || result.Errors.Count > 0)
            throw new InvalidOperationException($"The event started {result.StartedInstances.Count} instances, not {_matching}: {string.Join("; ", result.Errors)}");
    }

    private static WorkflowDefinition Definition(int i, bool enabled, bool matchAll = false) => new(
        matchAll ? $"MATCHING-{i:D3}" : $"DISPATCH-{i:D5}", $"Dispatch benchmark {i}", null, null, enabled, false,
        [
            new WorkflowStepDefinition(1, WorkflowStepType.Event, EventCode, null)
            {
                Conditions = matchAll ? [] : new Dictionary<string, string> { ["No."] = $"WF-{i:D5}" },
            },
            new WorkflowStepDefinition(2, WorkflowStepType.Response, "SHOW_MESSAGE", 1) { Options = new Dictionary<string, string> { ["message"] = "matched" } },
        ],
        0, default);
}
