using Microsoft.Extensions.Logging;
using Workflow.Abstractions;
using Workflow.Engine.Approvals;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Live;
using Workflow.Engine.Notifications;
using Workflow.Engine.Plugins;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Instances;

/// <summary>One run of a workflow for one record.</summary>
[Alias("wf.workflow-instance")]
public interface IWorkflowInstanceGrain : IGrainWithStringKey
{
    /// <summary>Starts the instance on its entry event. Calling it again with the same event returns the first outcome.</summary>
    Task<InstanceOutcome> Start(StartInstanceCommand command);

    /// <summary>Takes an event the instance may be waiting for; not consumed when no active step matches.</summary>
    Task<InstanceOutcome> HandleEvent(RecordEvent recordEvent, RecordSnapshot record);

    /// <summary>Ends a running instance without running anything (its record was deleted); its steps are archived.</summary>
    Task Cancel(string reason);

    /// <summary>The instance with its steps and history; null when there is no such instance.</summary>
    Task<WorkflowInstanceView?> Get();

    /// <summary>
    /// Moves a running instance waiting for <paramref name="eventCode"/> to the record its last step made (the posted
    /// invoice of the document it posted, the payment line of that invoice), as Business Central's related tables of a
    /// workflow do; answers the record's entry for it, or null when it is not running or not waiting for the event.
    /// </summary>
    Task<Records.RecordInstance?> ContinueOn(string recordType, string recordId, string eventCode);
}

/// <summary>Everything an instance needs to start: its own copy of the workflow's steps, the record, the entry event.</summary>
/// <remarks>
/// Commands, events and outcomes that travel between the engine's grains are made for the call and never changed after
/// it (the steps are the entry-point index's shared definitions): <c>[Immutable]</c> lets Orleans hand them over without
/// a deep copy, which would otherwise copy every step of the workflow for every instance started.
/// </remarks>
[GenerateSerializer, Immutable, Alias("wf.StartInstanceCommand")]
public sealed record StartInstanceCommand(
    string WorkflowCode,
    IReadOnlyList<WorkflowStepDefinition> Steps,
    int EntryStepId,
    RecordSnapshot Record,
    RecordEvent Event,
    long WorkflowVersion = 0);

/// <summary>An instance as the API shows it.</summary>
[GenerateSerializer, Alias("wf.WorkflowInstanceView")]
public sealed record WorkflowInstanceView(
    string InstanceId, string WorkflowCode, string RecordType, string RecordId, InstanceStatus Status, string? SenderUserId,
    DateTimeOffset StartedAt, IReadOnlyList<StepInstance> Steps, IReadOnlyList<InstanceHistoryEntry> History,
    IReadOnlyList<HeldChange> HeldChanges, bool RestrictsRecord, long WorkflowVersion = 0);

public sealed class WorkflowInstanceState : StateWithSideRows
{
    public string WorkflowCode { get; set; } = "";

    /// <summary>The version of the workflow the steps were copied from (0 for instances started before versions were kept).</summary>
    public long WorkflowVersion { get; set; }

    public string RecordType { get; set; } = "";
    public string RecordId { get; set; } = "";
    public InstanceStatus Status { get; set; }
    public string? SenderUserId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public List<StepInstance> Steps { get; set; } = [];
    public List<InstanceHistoryEntry> History { get; set; } = [];
    public List<HeldChange> HeldChanges { get; set; } = [];
    public bool RestrictsRecord { get; set; }

    /// <summary>Outcomes of the last events handled, by event id, so a retried event has one effect.</summary>
    public List<HandledEvent> HandledEvents { get; set; } = [];
}

[GenerateSerializer, Alias("wf.HandledEvent")]
public sealed record HandledEvent(string EventId, InstanceOutcome Outcome);

/// <summary>
/// A workflow instance as a grain: its own copy of the steps, run the way Business Central's workflow management runs
/// step instances. A matched event step completes, its sibling events are ignored, the responses after it run in order,
/// and the events after them become active. When no event is active any more the instance ends and its steps are archived.
/// A response that throws marks its step failed and stops this instance only.
/// </summary>
[GrainType("workflow-instance")]
public sealed class WorkflowInstanceGrain(
    [PersistentState("state", WorkflowGrainStorage.Name)] IPersistentState<WorkflowInstanceState> state,
    TimeProvider clock,
    WorkflowCatalog catalog,
    EventConditionEvaluator conditions,
    InstanceIndex index,
    NotificationStore notifications,
    Records.RecordApprovals approvals,
    LiveHubs hubs,
    Records.RecordLines lines,
    Outbox.EventOutbox outbox,
    Posting.PostedEntries postedEntries,
    ILogger<WorkflowInstanceGrain> logger) : TenantGrain<WorkflowInstanceState>(state, clock), IWorkflowInstanceGrain
{
    private const int HandledEventsKept = 50;

    // The steps this turn took, pushed live to the administrators watching once the turn is stored.
    private readonly List<StepInstance> _stepsTaken = [];

    protected override void OnStateLoaded() => SharedStepParts.Share(State.Steps);

    public async Task<InstanceOutcome> Start(StartInstanceCommand command)
    {
        if (Handled(command.Event.EventId) is { } previous)
            return previous;
        if (RecordExists)
            return InstanceOutcome.NotConsumed(State.Status, WaitingFor());

        var now = Clock.GetUtcNow();
        State.WorkflowCode = command.WorkflowCode;
        State.WorkflowVersion = command.WorkflowVersion;
        State.RecordType = command.Record.RecordType;
        State.RecordId = command.Record.RecordId;
        State.Status = InstanceStatus.Running;
        State.SenderUserId = command.Event.UserId;
        State.StartedAt = now;
        State.Steps = command.Steps.Select(CopyStep).ToList();
        SharedStepParts.Share(State.Steps);
        var entry = State.Steps.Single(s => s.StepId == command.EntryStepId);
        History("Started", null, $"Workflow {command.WorkflowCode} started for {command.Record.RecordType} {command.Record.RecordId} by event {command.Event.EventCode}.");
        return await RunAfterEventAsync(entry, command.Event, command.Record);
    }

    public async Task<InstanceOutcome> HandleEvent(RecordEvent recordEvent, RecordSnapshot record)
    {
        if (Handled(recordEvent.EventId) is { } previous)
            return previous;
        if (!RecordExists || State.Status != InstanceStatus.Running)
            return InstanceOutcome.NotConsumed(State.Status, []);
        // An approval event belongs to the instance whose request raised it: another workflow of the same record waiting
        // for "rejected" (an item's approval beside its price change's) must not take it.
        if (recordEvent.EventData?.GetValueOrDefault(ApprovalsCatalog.WorkflowStepInstanceIdField) is { } owner
            && !string.Equals(owner, GrainKey, StringComparison.OrdinalIgnoreCase))
            return InstanceOutcome.NotConsumed(State.Status, []);

        // Business Central tests active sibling events in Sequence No. order; the first whose conditions hold wins.
        var conditionType = catalog.FindEvent(recordEvent.EventCode)?.Definition.RecordType ?? record.RecordType;
        var conditionFields = EventConditionEvaluator.Over(record.Fields, recordEvent.EventData);
        var match = State.Steps
            .Where(s => s is { Type: WorkflowStepType.Event, Status: StepInstanceStatus.Active }
                        && string.Equals(s.FunctionCode, recordEvent.EventCode, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.SequenceNo).ThenBy(s => s.StepId)
            .FirstOrDefault(s => conditions.Holds(conditionType, s.Conditions, s.ChangeConditions, conditionFields, recordEvent.PreviousFields));
        if (match is null)
            return InstanceOutcome.NotConsumed(State.Status, WaitingFor());

        return await RunAfterEventAsync(match, recordEvent, record);
    }

    public async Task<Records.RecordInstance?> ContinueOn(string recordType, string recordId, string eventCode)
    {
        if (!RecordExists || State.Status != InstanceStatus.Running)
            return null;
        var waiting = WaitingFor();
        if (!waiting.Contains(eventCode, StringComparer.OrdinalIgnoreCase))
            return null;
        if (!string.Equals(State.RecordType, recordType, StringComparison.OrdinalIgnoreCase) || !string.Equals(State.RecordId, recordId, StringComparison.Ordinal))
        {
            History("Moved", null, $"The instance continues on {recordType} {recordId}, made from {State.RecordType} {State.RecordId}.");
            State.RecordType = recordType;
            State.RecordId = recordId;
            var alongside = new WriteBatch();
            index.Upsert(alongside, TenantId, Summary());
            await WriteStateAsync(alongside);
        }
        return new Records.RecordInstance { InstanceId = GrainKey, WorkflowCode = State.WorkflowCode, WaitingFor = [.. waiting] };
    }

    public async Task Cancel(string reason)
    {
        if (!RecordExists || State.Status != InstanceStatus.Running)
            return;
        State.Status = InstanceStatus.Canceled;
        foreach (var waiting in State.Steps.Where(s => s.Status == StepInstanceStatus.Active))
            waiting.Status = StepInstanceStatus.Inactive;
        History("Canceled", null, reason);
        var alongside = new WriteBatch();
        index.Upsert(alongside, TenantId, Summary());
        index.Archive(alongside, TenantId, Summary(), State.Steps, State.HeldChanges);
        await WriteStateAsync(alongside);
        await PushProgressAsync();
        DeactivateOnIdle();
    }

    public Task<WorkflowInstanceView?> Get() => Task.FromResult(RecordExists
        ? new WorkflowInstanceView(GrainKey, State.WorkflowCode, State.RecordType, State.RecordId, State.Status, State.SenderUserId,
            State.StartedAt, State.Steps, State.History, State.HeldChanges, State.RestrictsRecord, State.WorkflowVersion)
        : null);

    private async Task<InstanceOutcome> RunAfterEventAsync(StepInstance eventStep, RecordEvent recordEvent, RecordSnapshot record)
    {
        var run = new ResponseRun(this, recordEvent, record);
        Complete(eventStep);
        foreach (var sibling in Siblings(eventStep).Where(s => s is { Type: WorkflowStepType.Event, Status: StepInstanceStatus.Active }))
            sibling.Status = StepInstanceStatus.Ignored;
        History("Event", eventStep.StepId, $"Event {eventStep.FunctionCode} taken.");

        var failed = await ContinueAfterAsync(eventStep, run);

        if (failed is not null)
        {
            State.Status = InstanceStatus.Failed;
            foreach (var waiting in State.Steps.Where(s => s.Status == StepInstanceStatus.Active))
                waiting.Status = StepInstanceStatus.Inactive;
        }
        else if (!State.Steps.Any(s => s.Status == StepInstanceStatus.Active))
        {
            State.Status = InstanceStatus.Completed;
            History("Completed", null, "No step is waiting any more: the instance is complete and its steps are archived.");
        }

        var outcome = new InstanceOutcome(true, State.Status, WaitingFor(), run.FieldChanges, run.Restriction, run.RestrictionDetails, run.RaisedEvents, failed, run.RaisedEventData,
            failed is null ? run.Posting : Workflow.Engine.Posting.PostingRequest.None);
        State.HandledEvents.Add(new HandledEvent(recordEvent.EventId, outcome));
        if (State.HandledEvents.Count > HandledEventsKept)
            State.HandledEvents.RemoveRange(0, State.HandledEvents.Count - HandledEventsKept);

        // The state, its summary row, the archive of an ended instance and the notifications: one transaction.
        var alongside = new WriteBatch();
        index.Upsert(alongside, TenantId, Summary());
        if (State.Status != InstanceStatus.Running)
            index.Archive(alongside, TenantId, Summary(), State.Steps, State.HeldChanges);
        notifications.Add(alongside, TenantId, run.Notifications);
        if (failed is null)
            outbox.Add(alongside, TenantId, run.CreatedRecords);
        var feed = RecordStatusFeed(run.FieldChanges, record, recordEvent);
        var numbered = UserFeed.Add(alongside, feed);
        await WriteStateAsync(alongside);
        GrainFactory.PushFeeds(numbered);
        await PushProgressAsync();
        // An ended instance takes no more events; its activation would only hold memory until collected.
        if (State.Status != InstanceStatus.Running)
            DeactivateOnIdle();
        return outcome;
    }

    /// <summary>Runs what follows a completed step; returns the error of a failed response, if one failed.</summary>
    private async Task<string?> ContinueAfterAsync(StepInstance completed, ResponseRun run)
    {
        foreach (var child in Children(completed))
        {
            if (child.Type == WorkflowStepType.Event)
            {
                child.Status = StepInstanceStatus.Active;
                continue;
            }
            if (await RunResponseAsync(child, run) is { } error)
                return error;
            if (await ContinueAfterAsync(child, run) is { } nestedError)
                return nestedError;
        }

        if (completed.NextStepId is { } nextId && State.Steps.FirstOrDefault(s => s.StepId == nextId) is { } next)
        {
            // An explicit jump, used to loop back (e.g. "approved, but approvals are still pending").
            if (next.Type == WorkflowStepType.Event)
            {
                next.Status = StepInstanceStatus.Active;
                foreach (var sibling in Siblings(next).Where(s => s.Type == WorkflowStepType.Event))
                    sibling.Status = StepInstanceStatus.Active;
            }
            else if (await RunResponseAsync(next, run) is { } error)
                return error;
            else if (await ContinueAfterAsync(next, run) is { } nestedError)
                return nestedError;
        }
        return null;
    }

    private async Task<string?> RunResponseAsync(StepInstance step, ResponseRun run)
    {
        step.Status = StepInstanceStatus.Processing;
        var response = catalog.FindResponse(step.FunctionCode)?.Definition;
        try
        {
            if (response is null)
                throw new InvalidOperationException($"Response '{step.FunctionCode}' is not registered by any loaded plugin.");
            var context = run.ContextFor(step, ResponseOptionRules.WithDefaults(step.Options, response));
            await response.Handler.ExecuteAsync(context, CancellationToken.None);
            Complete(step);
            History("Response", step.StepId, $"Response {response.Code} done.");
            return null;
        }
        // A transient failure (the database, a silo) is not the response's error: it fails the whole event, which keeps
        // nothing and answers 503, instead of a Failed instance and a document stuck half-way. A refusal of the event
        // (no approver for it) fails it the same way, answering with its reason.
        catch (Exception exception) when (!TransientFailure.Is(exception) && exception is not EventRefusedException)
        {
            logger.LogWarning(exception, "Response {Response} of workflow {Workflow} instance {Instance} failed", step.FunctionCode, State.WorkflowCode, GrainKey);
            step.Status = StepInstanceStatus.Failed;
            _stepsTaken.Add(step);
            step.Error = exception.Message;
            step.UpdatedAt = Clock.GetUtcNow();
            History("Error", step.StepId, $"Response {step.FunctionCode} failed: {exception.Message}");
            return $"Response {step.FunctionCode} (step {step.StepId}) failed: {exception.Message}";
        }
    }

    private void Complete(StepInstance step)
    {
        step.Status = StepInstanceStatus.Completed;
        step.UpdatedAt = Clock.GetUtcNow();
        _stepsTaken.Add(step);
    }

    /// <summary>
    /// The record's status changed by this turn's responses (released, reopened, pending approval), for the user who sent
    /// it: a feed message stored with the turn.
    /// </summary>
    private List<FeedMessage> RecordStatusFeed(IReadOnlyDictionary<string, string?> fieldChanges, RecordSnapshot record, RecordEvent cause)
    {
        var status = fieldChanges.FirstOrDefault(f => string.Equals(f.Key, Records.RecordApprovals.StatusField, StringComparison.OrdinalIgnoreCase));
        if (State.SenderUserId is not { } sender || status.Key is null
            || string.Equals(status.Value, record.Fields.GetValueOrDefault(Records.RecordApprovals.StatusField), StringComparison.Ordinal))
            return [];
        return
        [
            new FeedMessage(0, FeedMessage.IdOf(cause.RaisedAt, $"{GrainKey}:status:{cause.EventId}:{status.Value}"), FeedMessageType.RecordStatusChanged, Clock.GetUtcNow(), TenantId, sender,
                State.RecordType, State.RecordId, GrainKey, null, status.Value, null, sender, GrainKey, State.WorkflowCode,
                $"{State.RecordType} {State.RecordId} is {status.Value}",
                $"{State.RecordType} {State.RecordId} that you sent is now {status.Value} (workflow {State.WorkflowCode})."),
        ];
    }

    /// <summary>The steps this turn took, live to the administrators who watch; best effort once the turn is stored.</summary>
    private async Task PushProgressAsync()
    {
        var now = Clock.GetUtcNow();
        var status = State.Status.ToString();
        List<InstanceProgress> progress = _stepsTaken.Count == 0
            ? [new InstanceProgress(TenantId, GrainKey, State.WorkflowCode, State.RecordType, State.RecordId, status, null, null, now)]
            : _stepsTaken.Select(s => new InstanceProgress(TenantId, GrainKey, State.WorkflowCode, State.RecordType, State.RecordId, status, s.StepId, s.FunctionCode, now)).ToList();
        _stepsTaken.Clear();
        await hubs.ProgressAsync(progress);
    }

    private IEnumerable<StepInstance> Children(StepInstance step) =>
        State.Steps.Where(s => s.PreviousStepId == step.StepId).OrderBy(s => s.SequenceNo).ThenBy(s => s.StepId).ToList();

    private IEnumerable<StepInstance> Siblings(StepInstance step) =>
        State.Steps.Where(s => s.StepId != step.StepId && s.PreviousStepId == step.PreviousStepId);

    private IReadOnlyList<string> WaitingFor() =>
        State.Status == InstanceStatus.Running
            ? State.Steps.Where(s => s.Status == StepInstanceStatus.Active).Select(s => s.FunctionCode.ToUpperInvariant()).Distinct().ToList()
            : [];

    private InstanceOutcome? Handled(string eventId) =>
        State.HandledEvents.FirstOrDefault(h => h.EventId == eventId)?.Outcome;

    private InstanceSummary Summary() =>
        new(GrainKey, State.WorkflowCode, State.RecordType, State.RecordId, State.Status, State.StartedAt, Clock.GetUtcNow(), State.WorkflowVersion);

    internal void History(string kind, int? stepId, string text) =>
        State.History.Add(new InstanceHistoryEntry(Clock.GetUtcNow(), kind, stepId, text));

    private static StepInstance CopyStep(WorkflowStepDefinition step) => new()
    {
        StepId = step.Id,
        Type = step.Type,
        FunctionCode = step.FunctionCode,
        PreviousStepId = step.PreviousStepId,
        NextStepId = step.NextStepId,
        SequenceNo = step.SequenceNo,
        Description = step.Description,
        Conditions = new Dictionary<string, string>(step.Conditions),
        ChangeConditions = [.. step.ChangeConditions],
        Options = new Dictionary<string, string>(step.Options),
        Status = StepInstanceStatus.Inactive,
    };

    internal WorkflowInstanceState InstanceState => State;
    internal string InstanceId => GrainKey;
    internal string Tenant => TenantId;
    internal TimeProvider InstanceClock => Clock;
    internal WorkflowCatalog Catalog => catalog;
    internal Records.RecordApprovals Approvals => approvals;
    internal Records.RecordLines Lines => lines;

    internal Posting.PostedEntries PostedEntries => postedEntries;
}
