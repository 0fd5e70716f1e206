using System.Security.Cryptography;
using System.Text;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Instances;
using Workflow.Engine.Outbox;
using Workflow.Engine.Posting;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Records;

/// <summary>
/// A business record as the engine knows it: its latest field values (workflow status included), its restrictions and
/// the instances running for it. Every event for the record goes through this grain, one at a time, which is what makes
/// the record's workflows see its events in order.
/// </summary>
[Alias("wf.record")]
public interface IRecordGrain : IGrainWithStringKey
{
    Task<EventResult> RaiseEvent(RaiseEventCommand command);
    Task<RecordView?> Get();

    /// <summary>
    /// Deletes the record as Business Central does (per <see cref="Abstractions.RecordTypeDefinition.Deletion"/>): it takes
    /// its approval entries, running instances and restriction with it, or is refused while its approval is open.
    /// </summary>
    Task<RecordDeleted> Delete(string? userId);

    /// <summary>
    /// Posts the record (a released document, a journal batch): its posted documents, ledger entries and posted approval
    /// entries are written in one transaction with the record's removal. A job of the queue posting a record already
    /// posted gets the first posting's result (exactly once in effect); anyone else gets a conflict naming it.
    /// </summary>
    Task<PostingResult> Post(PostRecordCommand command);

    /// <summary>Drops the activation: a posting elsewhere (its journal batch's) removed this record's stored state.</summary>
    Task ReloadAfterPosting();
}

/// <summary>What deleting a record took with it.</summary>
[GenerateSerializer, Alias("wf.RecordDeleted")]
public sealed record RecordDeleted(string RecordType, string RecordId, int ApprovalRequests, int CanceledInstances);

/// <summary>An event for this record.</summary>
/// <param name="EventId">The idempotency key: the same id again has the effect of one event.</param>
/// <param name="Fields">New field values (only those given change).</param>
/// <param name="PreviousFields">For change events, the values before the change; defaults to the values the engine holds.</param>
/// <param name="FromOutbox">The event is stored in the outbox already (the relay raises it and keeps it until it is done).</param>
/// <param name="CreatesRecord">An engine event that makes the record with its fields (a posted invoice, a payment line), which need not exist yet.</param>
[GenerateSerializer, Immutable, Alias("wf.RaiseEventCommand")]
public sealed record RaiseEventCommand(
    string EventId,
    string EventCode,
    string? UserId,
    IReadOnlyDictionary<string, string?> Fields,
    IReadOnlyDictionary<string, string?>? PreviousFields,
    bool ChangesRecord,
    IReadOnlyDictionary<string, string?>? EventData = null,
    bool FromOutbox = false,
    bool CreatesRecord = false);

/// <summary>What an event did.</summary>
[GenerateSerializer, Alias("wf.EventResult")]
public sealed record EventResult(
    string EventId,
    bool Duplicate,
    IReadOnlyList<InstanceReference> StartedInstances,
    IReadOnlyList<InstanceReference> ContinuedInstances,
    IReadOnlyList<string> Errors,
    RecordView Record);

[GenerateSerializer, Alias("wf.InstanceReference")]
public sealed record InstanceReference(string InstanceId, string WorkflowCode, InstanceStatus Status);

/// <summary>A record as the API shows it.</summary>
[GenerateSerializer, Alias("wf.RecordView")]
public sealed record RecordView(
    string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields,
    IReadOnlyList<RecordRestriction> Restrictions, IReadOnlyList<RecordInstance> Instances);

/// <summary>A restriction on a record's use (Business Central's Restricted Record).</summary>
/// <param name="InstanceId">The workflow instance that imposed it; empty for a restriction imposed by a change of the record.</param>
/// <param name="BlocksChanges">
/// A workflow's restriction (its "Add record restriction" response) holds every change of the record too; the one a change
/// of a journal line gets while an approval workflow covers it holds only its posting (<see cref="Abstractions.RecordTypeDefinition.RestrictPostingOnChangeWhileApprovalEnabled"/>).
/// </param>
/// <param name="ImposedBy">The event that imposed it: a lift decided elsewhere (the batch's approval) lifts this one, not a later one.</param>
[GenerateSerializer, Alias("wf.RecordRestriction")]
public sealed record RecordRestriction(string InstanceId, string WorkflowCode, string Details, bool BlocksChanges = true, string? ImposedBy = null);

[GenerateSerializer, Alias("wf.RecordInstance")]
public sealed class RecordInstance
{
    [Id(0)] public string InstanceId { get; set; } = "";
    [Id(1)] public string WorkflowCode { get; set; } = "";
    [Id(2)] public List<string> WaitingFor { get; set; } = [];
}

public sealed class RecordState : StateWithSideRows
{
    public string RecordType { get; set; } = "";
    public string RecordId { get; set; } = "";
    public Dictionary<string, string?> Fields { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public List<RecordRestriction> Restrictions { get; set; } = [];
    public List<RecordInstance> Instances { get; set; } = [];
    public List<ProcessedEvent> ProcessedEvents { get; set; } = [];

    /// <summary>Events taken but not yet done: what a crash in the middle leaves for the outbox relay to finish.</summary>
    public List<RaiseEventCommand> PendingEvents { get; set; } = [];

    /// <summary>
    /// Set once the record is posted: the open document is gone (no fields, no restriction, no instances), and what it was
    /// posted as stays so that a job posting it again finds it done.
    /// </summary>
    public PostingResult? Posted { get; set; }
}

/// <summary>
/// What an event did, remembered for its id: a retry gets the same answer. The record itself is not kept with it (a
/// retry sees the record as it is now), so a busy record's state does not grow with a copy of itself per event.
/// </summary>
[GenerateSerializer, Alias("wf.ProcessedEvent")]
public sealed record ProcessedEvent(
    string EventId, IReadOnlyList<InstanceReference> StartedInstances, IReadOnlyList<InstanceReference> ContinuedInstances, IReadOnlyList<string> Errors);

[GrainType("record")]
public sealed class RecordGrain(
    [PersistentState("state", WorkflowGrainStorage.Name)] IPersistentState<RecordState> state,
    TimeProvider clock,
    EntryPointIndex entryPoints,
    WorkflowRules rules,
    EventConditionEvaluator conditions,
    EventOutbox outbox,
    RecordApprovals approvals,
    Plugins.WorkflowCatalog catalog,
    LedgerPosting posting,
    PostingJobQueue jobs,
    RecordLines recordLines,
    WorkflowEventService events)
    : TenantGrain<RecordState>(state, clock), IRecordGrain
{
    // Enough to absorb client retries; older ids are forgotten.
    private const int ProcessedEventsKept = 100;
    // Responses that raise events which raise events... stop here rather than loop for ever.
    private const int MaxEventsPerCall = 50;
    // How long an event taken from a caller may take before the outbox relay treats it as interrupted and finishes it.
    internal static readonly TimeSpan ResumeInterruptedAfter = TimeSpan.FromSeconds(10);
    // Postings racing for the same number series retry on the number the winner left; bounded all the same.
    private const int PostingAttempts = 50;

    // What the responses of the event being handled asked for the record's posting, and which workflow asked.
    private (PostingRequest Request, string WorkflowCode)? _postingAsked;
    // A response of the event being handled lifted the record's restriction ("Remove record restriction").
    private bool _usageAllowed;

    /// <summary>
    /// The engine's own event that lifts a line's restrictions once its batch's approval lifted the batch's (Business
    /// Central's AllowGenJournalBatchUsage); its data names the restrictions (by <see cref="RecordRestriction.ImposedBy"/>)
    /// the batch saw, so a restriction a later change imposed stays.
    /// </summary>
    internal const string UsageAllowedByParentEvent = "wf.RECORD_USAGE_ALLOWED_BY_PARENT";
    private const string LiftedRestrictionsField = "restrictions";

    public async Task<EventResult> RaiseEvent(RaiseEventCommand command)
    {
        if (State.ProcessedEvents.FirstOrDefault(e => e.EventId == command.EventId) is { } done)
            return new EventResult(done.EventId, true, done.StartedInstances, done.ContinuedInstances, done.Errors, View());
        // The outbox relay finishing an interrupted event: it goes on as the caller first sent it.
        var pending = State.PendingEvents.FirstOrDefault(e => e.EventId == command.EventId);
        command = pending ?? command;

        var (recordType, recordId) = RecordKey.Parse(GrainKey);
        if (State.Posted is { } posted)
        {
            // An engine event for a document posted while it waited in the outbox concerns nothing any more.
            if (command.FromOutbox)
                return new EventResult(command.EventId, true, [], [], [$"{recordType} {recordId} was posted as {Describe(posted)}."], View());
            throw new ConflictException($"{recordType} {recordId} was posted as {Describe(posted)}: a posted document takes no more events.");
        }
        _postingAsked = null;
        _usageAllowed = false;
        // An engine event (an approval answered, a deadline) for a record that is gone, deleted while the event waited in
        // the outbox: it concerns nothing any more, and handling it would bring the record back without its fields. It is
        // answered as done before, so the relay drops its row.
        if (command.FromOutbox && pending is null && !command.CreatesRecord && (!RecordExists || State.RecordType.Length == 0))
            return new EventResult(command.EventId, true, [], [], [$"{recordType} {recordId} no longer exists."], View());
        if (command.FromOutbox && command.EventCode == UsageAllowedByParentEvent)
            return await AllowUsageByParentAsync(command);
        // Every field the record had before this event, not just those it sends: a field the event leaves alone had the
        // same value before, so a rule watching it (Credit Limit is Increased) does not see a change from nothing.
        var previous = new Dictionary<string, string?>(State.Fields, StringComparer.OrdinalIgnoreCase);
        var changedFields = new List<string>();
        foreach (var (field, value) in command.Fields)
        {
            var current = State.Fields.GetValueOrDefault(field);
            previous[field] = current;
            if (!string.Equals(current, value, StringComparison.Ordinal))
                changedFields.Add(field);
        }
        if (pending is null && !command.FromOutbox)
        {
            await RefuseRequestWhileOneIsOpenAsync(recordType, recordId, command);
            await RefuseChangeUnderApprovalAsync(recordType, recordId, command, changedFields);
        }

        var before = RecordBefore.Of(State, RecordExists);
        if (pending is null && !command.FromOutbox)
            await TakeAsync(command, recordType, recordId);

        State.RecordType = recordType;
        State.RecordId = recordId;
        foreach (var (field, value) in command.Fields)
            State.Fields[field] = value;
        // A caller's insert or change, also when the relay finishes it; not an engine event, nor a record the engine made.
        if ((pending is not null || !command.FromOutbox) && !command.CreatesRecord && (!before.Existed || changedFields.Count > 0))
            await RestrictPostingOnChangeAsync(recordType, recordId, command.EventId);

        var started = new List<InstanceReference>();
        var continued = new List<InstanceReference>();
        var errors = new List<string>();
        var queue = new Queue<RecordEvent>();
        if (command.PreviousFields is { } given)
            foreach (var (field, value) in given)
                previous[field] = value;
        queue.Enqueue(new RecordEvent(command.EventId, command.EventCode, command.UserId, previous, Clock.GetUtcNow(), command.EventData));
        try
        {
            for (var handled = 0; queue.TryDequeue(out var recordEvent); handled++)
            {
                if (handled == MaxEventsPerCall)
                {
                    errors.Add($"More than {MaxEventsPerCall} events were raised by responses for one event; the rest were dropped.");
                    break;
                }
                await DispatchAsync(recordEvent, started, continued, errors, queue);
            }
        }
        catch (EventRefusedException) when (!command.FromOutbox || pending is not null)
        {
            await DropRefusedAsync(command, before);
            throw;
        }
        catch (EventRefusedException)
        {
            // An engine event the relay will mark refused: nothing of it was stored, and nothing of it stays in memory.
            before.Restore(State);
            throw;
        }

        var view = View();
        var postNow = _postingAsked is { Request: PostingRequest.Now } && await MayPostAsync(recordType, recordId, errors);
        var queuePosting = _postingAsked is { Request: PostingRequest.InBackground } && MayQueuePosting(recordType, recordId, errors);
        var result = new EventResult(command.EventId, false, started, continued, errors, view);
        Remember(new ProcessedEvent(command.EventId, started, continued, errors));
        State.PendingEvents.RemoveAll(e => e.EventId == command.EventId);
        // Done: the outbox row that stood for the event (the caller's safety net, or the relay's own) goes with it.
        var doneRows = new WriteBatch();
        EventOutbox.Remove(doneRows, TenantId, command.EventId);
        if (queuePosting)
            jobs.Enqueue(doneRows, TenantId, recordType, recordId, command.UserId, _postingAsked!.Value.WorkflowCode);
        var linesToAllow = _usageAllowed && !postNow ? await AllowLinesUsageAsync(doneRows, recordType, recordId, command) : [];
        if (postNow)
            await PostAsync(recordType, recordId, new PostRecordCommand(command.UserId), doneRows);
        else
            await WriteStateAsync(doneRows);
        await RaiseNowAsync(linesToAllow);
        return result;
    }

    private void Remember(ProcessedEvent processed)
    {
        State.ProcessedEvents.Add(processed);
        if (State.ProcessedEvents.Count > ProcessedEventsKept)
            State.ProcessedEvents.RemoveRange(0, State.ProcessedEvents.Count - ProcessedEventsKept);
    }

    /// <summary>
    /// Business Central's RestrictGenJournalLine, on a record type that asks for it: a line inserted or changed while an
    /// enabled approval workflow covers it is restricted from posting ("the line requires approval"), and so is one whose
    /// batch such a workflow covers ("the journal batch requires approval", which wins, as in Business Central). A
    /// workflow's own restriction of the record stays as it is.
    /// </summary>
    private async Task RestrictPostingOnChangeAsync(string recordType, string recordId, string eventId)
    {
        if (catalog.FindRecordType(recordType)?.Definition is not { RestrictPostingOnChangeWhileApprovalEnabled: true } definition
            || State.Restrictions.Any(r => r.BlocksChanges))
            return;
        var slash = recordId.LastIndexOf('/');
        var restriction =
            definition.ParentRecordType is { } parentType && slash > 0
            && await recordLines.ReadRecordAsync(TenantId, parentType, recordId[..slash], CancellationToken.None) is { } parent
            && await approvals.CoveringWorkflowsAsync(TenantId, parent.RecordType, parent.Fields, CancellationToken.None) is [var batchWorkflow, ..]
                ? (batchWorkflow.Code, "The restriction was imposed because the journal batch requires approval.")
            : await approvals.CoveringWorkflowsAsync(TenantId, recordType, State.Fields, CancellationToken.None) is [var lineWorkflow, ..]
                ? (lineWorkflow.Code, "The restriction was imposed because the line requires approval.")
            : ((string Code, string Details)?)null;
        if (restriction is not { } imposed)
            return;
        State.Restrictions.Clear();
        State.Restrictions.Add(new RecordRestriction("", imposed.Code, imposed.Details, BlocksChanges: false, eventId));
    }

    /// <summary>
    /// The batch's approval lifted its restriction: its lines' go too (Business Central's AllowGenJournalBatchUsage). The
    /// lines are other grains, so the lift is an engine event per restricted line, stored with this turn's writes (a crash
    /// after them leaves it to the relay) and raised at once after them.
    /// </summary>
    private async Task<IReadOnlyList<OutboxEvent>> AllowLinesUsageAsync(WriteBatch rows, string recordType, string recordId, RaiseEventCommand cause)
    {
        var events = (await recordLines.ReadAsync(TenantId, recordType, recordId, CancellationToken.None))
            .Where(line => line.Restrictions.Count > 0)
            .Select(line => new OutboxEvent($"{cause.EventId}/usage/{line.RecordType}/{line.RecordId}", UsageAllowedByParentEvent, line.RecordType, line.RecordId, cause.UserId,
                new Dictionary<string, string?> { [LiftedRestrictionsField] = string.Join('\n', line.Restrictions.Select(r => r.ImposedBy ?? "")) }))
            .ToList();
        if (events.Count > 0)
            outbox.Add(rows, TenantId, events);
        return events;
    }

    private async Task RaiseNowAsync(IReadOnlyList<OutboxEvent> stored)
    {
        foreach (var lift in stored)
        {
            try
            {
                await events.RaiseStoredAsync(TenantId, lift, CancellationToken.None);
            }
            catch
            {
                // Stored already: the relay raises it. The approval that caused it is done and must not answer as failed.
            }
        }
    }

    /// <summary>A line's side of <see cref="AllowLinesUsageAsync"/>: the restrictions the batch saw go; one imposed since stays.</summary>
    private async Task<EventResult> AllowUsageByParentAsync(RaiseEventCommand command)
    {
        var lifted = (command.EventData?.GetValueOrDefault(LiftedRestrictionsField) ?? "").Split('\n').ToHashSet(StringComparer.Ordinal);
        State.Restrictions.RemoveAll(r => lifted.Contains(r.ImposedBy ?? ""));
        Remember(new ProcessedEvent(command.EventId, [], [], []));
        var rows = new WriteBatch();
        EventOutbox.Remove(rows, TenantId, command.EventId);
        await WriteStateAsync(rows);
        return new EventResult(command.EventId, false, [], [], [], View());
    }

    /// <summary>
    /// "Post the document" at the end of a chain: the checks run on the record as the chain leaves it; a refusal leaves it
    /// unposted, with the reason among the event's errors (the responses before it keep their effect, as the step did).
    /// </summary>
    private async Task<bool> MayPostAsync(string recordType, string recordId, List<string> errors)
    {
        try
        {
            await posting.PrepareAsync(TenantId, recordType, recordId, State.Fields, State.Restrictions, new PostRecordCommand(null), CancellationToken.None);
            return true;
        }
        catch (Exception refusal) when (refusal is PostingBlockedException or ConflictException)
        {
            errors.Add($"Workflow {_postingAsked?.WorkflowCode}: {recordType} {recordId} was not posted: {refusal.Message}");
            return false;
        }
    }

    /// <summary>
    /// "Post the document in the background": only a record of a type that posts gets a job (its other checks run when the
    /// job does, on the record as it is then); another is refused among the event's errors, as Business Central refuses it.
    /// </summary>
    private bool MayQueuePosting(string recordType, string recordId, List<string> errors)
    {
        try
        {
            posting.PostingDefinition(recordType);
            return true;
        }
        catch (PostingBlockedException refusal)
        {
            errors.Add($"Workflow {_postingAsked?.WorkflowCode}: {recordType} {recordId} was not queued for posting: {refusal.Message}");
            return false;
        }
    }

    public async Task<PostingResult> Post(PostRecordCommand command)
    {
        var (recordType, recordId) = RecordKey.Parse(GrainKey);
        if (State.Posted is { } posted)
        {
            if (command.JobId is null)
                throw new ConflictException($"{recordType} {recordId} is posted already, as {Describe(posted)}.");
            // The job's first run posted and the node died before it could say so, or the job was queued twice: done.
            var finished = new WriteBatch();
            PostingJobQueue.Finish(finished, TenantId, command.JobId, posted.PostedDocuments[^1].DocumentNo, Clock.GetUtcNow());
            await WriteStateAsync(finished);
            return posted;
        }
        if (!RecordExists || State.RecordType.Length == 0)
            throw new NotFoundException($"No event was ever raised for {recordType} {recordId}.");
        if (State.PendingEvents.Count > 0)
            throw new ConflictException($"{recordType} {recordId} is still handling event {State.PendingEvents[0].EventCode}; post it again in a moment.");
        return await PostAsync(recordType, recordId, command, new WriteBatch());
    }

    public Task ReloadAfterPosting()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Posts the record as it is now, with <paramref name="alongside"/> (the turn's other writes) in the same transaction;
    /// a posting that lost a race for a number (or a line) is prepared again on what is stored now. Afterwards what the
    /// document leaves behind goes: its approval requests' grains, its running instances, its posted lines' activations.
    /// </summary>
    private async Task<PostingResult> PostAsync(string recordType, string recordId, PostRecordCommand command, WriteBatch alongside)
    {
        var instances = State.Instances.ToList();
        var before = RecordBefore.Of(State, RecordExists);
        for (var attempt = 1; ; attempt++)
        {
            var plan = await posting.PrepareAsync(TenantId, recordType, recordId, State.Fields, State.Restrictions, command, CancellationToken.None);
            // Instances waiting for the posted document's event continue on it ("A purchase invoice is posted."); the
            // rest end with the open document.
            var continuing = plan.PostedEvent is { } postedEvent
                ? instances.Where(i => i.WaitingFor.Contains(postedEvent.EventCode, StringComparer.OrdinalIgnoreCase)).Select(i => i.InstanceId).ToList()
                : [];
            var running = instances.Select(i => i.InstanceId).Except(continuing).ToList();
            var postedEvents = new WriteBatch();
            if (plan.PostedEvent is { } posted)
                outbox.Add(postedEvents, TenantId, (continuing.Count == 0 ? [(string?)null] : continuing.Select(i => (string?)i)).Select(instanceId =>
                {
                    var data = new Dictionary<string, string?>(posted.Fields, StringComparer.OrdinalIgnoreCase);
                    if (instanceId is not null)
                        data[Approvals.ApprovalsCatalog.WorkflowStepInstanceIdField] = instanceId;
                    return new OutboxEvent($"posted:{posted.RecordType}:{posted.RecordId}:{instanceId}", posted.EventCode, posted.RecordType, posted.RecordId, command.UserId, data);
                }).ToList());
            State.Posted = plan.Result;
            State.Fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            State.Restrictions = [];
            State.Instances = [];
            try
            {
                await WriteStateAsync(new WriteBatch().Add(alongside).Add(plan.Rows).Add(postedEvents));
            }
            catch (Exception exception) when (IsPostingRace(exception) && attempt < PostingAttempts)
            {
                before.Restore(State);
                State.Posted = null;
                continue;
            }
            catch
            {
                before.Restore(State);
                State.Posted = null;
                throw;
            }

            foreach (var requestId in plan.RequestIds)
                await GrainFactory.GetTenantGrain<Approvals.IApprovalRequestGrain>(TenantId, requestId).Delete();
            foreach (var instanceId in running)
                await GrainFactory.GetTenantGrain<IWorkflowInstanceGrain>(TenantId, instanceId).Cancel(
                    $"{recordType} {recordId} was posted as {Describe(plan.Result)}; the open document is gone.");
            foreach (var line in plan.RemovedLines)
                await GrainFactory.GetTenantGrain<IRecordGrain>(TenantId, RecordKey.For(line.RecordType, line.RecordId)).ReloadAfterPosting();
            return plan.Result;
        }
    }

    private static bool IsPostingRace(Exception exception) =>
        exception is PostingRaceException || (exception.InnerException is { } inner && IsPostingRace(inner));

    private static string Describe(PostingResult posted) =>
        string.Join(" and ", posted.PostedDocuments.Select(d => $"{d.DocumentType} {d.DocumentNo}"));

    /// <summary>
    /// No way around an approval: a caller's event that would change a record under approval is refused, before anything
    /// is stored. A restricted record takes no changes, except from the request for its approval again (a resubmission of
    /// a rejected document, which re-uses the restriction); a record Pending Approval takes none at all; and an Open
    /// document that an enabled approval workflow covers cannot be set to Released by hand (Business Central's "This
    /// document can only be released when the approval process is complete.").
    /// </summary>
    private async Task RefuseChangeUnderApprovalAsync(string recordType, string recordId, RaiseEventCommand command, IReadOnlyList<string> changedFields)
    {
        if (changedFields.Count == 0 && !command.ChangesRecord)
            return;
        var changes = command.ChangesRecord && changedFields.Count == 0 ? "the event changes the record" : $"the event would change {string.Join(", ", changedFields)}";
        var status = State.Fields.GetValueOrDefault(RecordApprovals.StatusField);
        var newStatus = command.Fields.FirstOrDefault(f => string.Equals(f.Key, RecordApprovals.StatusField, StringComparison.OrdinalIgnoreCase)).Value;
        // Business Central's messages: its Reopen action's, and the usage restriction's (its Release and every other use).
        if (string.Equals(status, RecordApprovals.PendingApproval, StringComparison.OrdinalIgnoreCase))
            throw new ConflictException(string.Equals(newStatus, RecordApprovals.Open, StringComparison.OrdinalIgnoreCase)
                ? $"The approval process must be cancelled or completed to reopen this document: {recordType} {recordId} is Pending Approval ({changes})."
                : $"You cannot use {recordType} {recordId} for this action: {recordType} {recordId} is Pending Approval, and a record pending approval cannot be modified ({changes}). "
                  + "Cancel the approval request, or wait until it is approved or rejected.");
        if (State.Restrictions.FirstOrDefault(r => r.BlocksChanges) is { } restriction
            && (command.ChangesRecord || !await approvals.IsApprovalRequestEventAsync(TenantId, recordType, command.EventCode, CancellationToken.None)))
            throw new ConflictException(
                $"You cannot use {recordType} {recordId} for this action: it is restricted. {restriction.Details} It cannot change until the restriction is lifted ({changes}).");

        if (string.Equals(newStatus, RecordApprovals.Released, StringComparison.OrdinalIgnoreCase)
            && (status is null || string.Equals(status, RecordApprovals.Open, StringComparison.OrdinalIgnoreCase)))
        {
            // Covered as it is now: the document's other fields as sent, its status still Open.
            var asIs = new Dictionary<string, string?>(State.Fields, StringComparer.OrdinalIgnoreCase);
            foreach (var (field, value) in command.Fields)
                asIs[field] = value;
            asIs[RecordApprovals.StatusField] = RecordApprovals.Open;
            if (await approvals.CoveringWorkflowsAsync(TenantId, recordType, asIs, CancellationToken.None) is { Count: > 0 } covering)
                throw new ConflictException(
                    $"This document can only be released when the approval process is complete: {recordType} {recordId} is Open and approval workflow {covering[0].Code} covers it; request its approval instead.");
        }
    }

    /// <summary>Business Central's refusal of a second send (its PendingJournalBatchApprovalExistsErr).</summary>
    internal const string ApprovalRequestAlreadyExists = "An approval request already exists.";

    /// <summary>
    /// A record is not sent for approval again while the request the same workflow made for it is open, nor a batch (a
    /// record type other types name as their parent) while one of its lines has an open request of its own: the two
    /// would approve the same thing twice, or contradict each other. Change events are left alone: every change of a
    /// record raises one, and a change held for approval does not stop the record's other changes.
    /// </summary>
    private async Task RefuseRequestWhileOneIsOpenAsync(string recordType, string recordId, RaiseEventCommand command)
    {
        if (catalog.FindEvent(command.EventCode)?.Definition.UsedForRecordChange == true
            || !await approvals.IsApprovalRequestEventAsync(TenantId, recordType, command.EventCode, CancellationToken.None))
            return;
        if (await approvals.WorkflowsWithOpenRequestAsync(TenantId, recordType, recordId, command.EventCode, CancellationToken.None) is { Count: > 0 } open)
            throw new ConflictException(
                $"{ApprovalRequestAlreadyExists} {recordType} {recordId} has an open approval request of workflow {open[0]}. Cancel it first, or wait until it is answered.");
        if (await approvals.LinesWithPendingEntriesAsync(TenantId, recordType, recordId, CancellationToken.None) is { Count: > 0 } lines)
            throw new ConflictException(
                $"{ApprovalRequestAlreadyExists} {recordType} {recordId} cannot be sent for approval: its line{(lines.Count == 1 ? "" : "s")} {string.Join(", ", lines)} "
                + $"{(lines.Count == 1 ? "has" : "have")} an open approval request. Cancel the line requests first, or wait until they are answered.");
    }

    public async Task<RecordDeleted> Delete(string? userId)
    {
        var (recordType, recordId) = RecordKey.Parse(GrainKey);
        if (!RecordExists || State.RecordType.Length == 0)
            throw new NotFoundException($"No event was ever raised for {recordType} {recordId}.");
        if (State.Posted is { } posted)
            throw new NotFoundException($"{recordType} {recordId} was posted as {Describe(posted)}; the open document is gone.");
        var definition = catalog.FindRecordType(recordType)?.Definition;
        var pendingEntries = await approvals.CountPendingEntriesAsync(TenantId, recordType, recordId, CancellationToken.None);
        if (definition?.Deletion == Abstractions.RecordDeletion.RefusedWhilePending && pendingEntries > 0)
            throw new ConflictException(
                $"You can't delete a record that has open approval entries: {recordType} {recordId} has {pendingEntries}. Cancel the approval request first.");

        // The record goes last: a delete cut off half-way leaves the record, and sending it again finishes the rest
        // (each step below is a no-op once done).
        var requests = await approvals.RequestIdsAsync(TenantId, recordType, recordId, CancellationToken.None);
        foreach (var requestId in requests)
            await GrainFactory.GetTenantGrain<Approvals.IApprovalRequestGrain>(TenantId, requestId).Delete();
        var running = State.Instances.Select(i => i.InstanceId).ToList();
        foreach (var instanceId in running)
            await GrainFactory.GetTenantGrain<IWorkflowInstanceGrain>(TenantId, instanceId).Cancel(
                $"{recordType} {recordId} was deleted{(userId is null ? "" : $" by {userId}")}; its approval entries and restriction went with it.");
        await ClearStateAsync();
        return new RecordDeleted(recordType, recordId, requests.Count, running.Count);
    }

    /// <summary>
    /// Makes an event from a caller durable before its work fans out to instances and approval requests: stored as
    /// pending, with an outbox row that lets the relay finish it if this turn never completes (a crash, a storage
    /// failure half-way), so the work is either done or finished later, never left half-done.
    /// </summary>
    private Task TakeAsync(RaiseEventCommand command, string recordType, string recordId)
    {
        State.PendingEvents.Add(command);
        var resume = new WriteBatch();
        outbox.Add(resume, TenantId,
            [new OutboxEvent(command.EventId, command.EventCode, recordType, recordId, command.UserId, command.EventData ?? new Dictionary<string, string?>())],
            ResumeInterruptedAfter);
        return WriteStateAsync(resume);
    }

    /// <summary>
    /// A refused event leaves no trace: the record as it was before the event, without the event pending or its outbox
    /// row; a record seen first by this event is forgotten again. The refusal itself is the caller's answer.
    /// </summary>
    private async Task DropRefusedAsync(RaiseEventCommand command, RecordBefore before)
    {
        before.Restore(State);
        State.PendingEvents.RemoveAll(e => e.EventId == command.EventId);
        var rows = new WriteBatch();
        EventOutbox.Remove(rows, TenantId, command.EventId);
        await WriteStateAsync(rows);
        if (!before.Existed && State.PendingEvents.Count == 0)
            await ClearStateAsync();
    }

    /// <summary>What a record held before an event changed it in memory, to put back when the event is refused.</summary>
    private sealed record RecordBefore(
        bool Existed, string RecordType, string RecordId, Dictionary<string, string?> Fields, List<RecordRestriction> Restrictions, List<RecordInstance> Instances)
    {
        public static RecordBefore Of(RecordState state, bool exists) => new(
            exists && state.RecordType.Length > 0, state.RecordType, state.RecordId,
            new Dictionary<string, string?>(state.Fields, StringComparer.OrdinalIgnoreCase), [.. state.Restrictions],
            state.Instances.Select(i => new RecordInstance { InstanceId = i.InstanceId, WorkflowCode = i.WorkflowCode, WaitingFor = [.. i.WaitingFor] }).ToList());

        public void Restore(RecordState state)
        {
            state.RecordType = RecordType;
            state.RecordId = RecordId;
            state.Fields = new Dictionary<string, string?>(Fields, StringComparer.OrdinalIgnoreCase);
            state.Restrictions = [.. Restrictions];
            state.Instances = [.. Instances];
        }
    }

    // A record whose first event is still pending has not been seen yet.
    public Task<RecordView?> Get() => Task.FromResult(RecordExists && State.RecordType.Length > 0 && State.Posted is null ? View() : null);

    /// <summary>
    /// Business Central's dispatch: instances of this record waiting for the event take it; only when none is waiting for
    /// it do enabled workflows whose entry point it is start new instances.
    /// </summary>
    private async Task DispatchAsync(RecordEvent recordEvent, List<InstanceReference> started, List<InstanceReference> continued, List<string> errors, Queue<RecordEvent> queue)
    {
        var snapshot = new RecordSnapshot(State.RecordType, State.RecordId, new Dictionary<string, string?>(State.Fields, StringComparer.OrdinalIgnoreCase));
        // An engine event of this record's own type naming an instance (the posted invoice of the document the instance
        // posted, the payment line it made): the instance continues here if it waits for the event.
        if (recordEvent.EventData?.GetValueOrDefault(Approvals.ApprovalsCatalog.WorkflowStepInstanceIdField) is { } maker
            && string.Equals(catalog.FindEvent(recordEvent.EventCode)?.Definition.RecordType, State.RecordType, StringComparison.OrdinalIgnoreCase)
            && !State.Instances.Any(i => string.Equals(i.InstanceId, maker, StringComparison.OrdinalIgnoreCase))
            && await GrainFactory.GetTenantGrain<IWorkflowInstanceGrain>(TenantId, maker).ContinueOn(State.RecordType, State.RecordId, recordEvent.EventCode) is { } moved)
            State.Instances.Add(moved);
        var waiting = State.Instances.Where(i => i.WaitingFor.Contains(recordEvent.EventCode, StringComparer.OrdinalIgnoreCase)).ToList();
        if (waiting.Count > 0)
        {
            foreach (var instance in waiting)
            {
                var grain = GrainFactory.GetTenantGrain<IWorkflowInstanceGrain>(TenantId, instance.InstanceId);
                var outcome = await grain.HandleEvent(recordEvent, snapshot);
                if (!outcome.Consumed)
                    continue;
                continued.Add(new InstanceReference(instance.InstanceId, instance.WorkflowCode, outcome.Status));
                Apply(instance.InstanceId, instance.WorkflowCode, outcome, recordEvent, errors, queue);
                snapshot = snapshot with { Fields = new Dictionary<string, string?>(State.Fields, StringComparer.OrdinalIgnoreCase) };
            }
            return;
        }

        foreach (var workflow in await entryPoints.CandidatesAsync(TenantId, recordEvent.EventCode, snapshot.Fields, CancellationToken.None))
        {
            if (workflow.EntryPoint is not { } entry || State.Instances.Any(i => i.WorkflowCode == workflow.Code))
                continue;
            if (rules.RecordTypeOf(workflow, entry)?.Code is { } workflowRecordType
                && !string.Equals(workflowRecordType, State.RecordType, StringComparison.OrdinalIgnoreCase))
                continue;
            if (!conditions.Holds(State.RecordType, entry.Conditions, entry.ChangeConditions, snapshot.Fields, recordEvent.PreviousFields))
                continue;

            var instanceId = InstanceIdFor(recordEvent.EventId, workflow.Code);
            var grain = GrainFactory.GetTenantGrain<IWorkflowInstanceGrain>(TenantId, instanceId);
            var outcome = await grain.Start(new StartInstanceCommand(workflow.Code, workflow.Steps, entry.Id, snapshot, recordEvent, workflow.Version));
            started.Add(new InstanceReference(instanceId, workflow.Code, outcome.Status));
            Apply(instanceId, workflow.Code, outcome, recordEvent, errors, queue);
            snapshot = snapshot with { Fields = new Dictionary<string, string?>(State.Fields, StringComparer.OrdinalIgnoreCase) };
        }
    }

    private void Apply(string instanceId, string workflowCode, InstanceOutcome outcome, RecordEvent cause, List<string> errors, Queue<RecordEvent> queue)
    {
        foreach (var (field, value) in outcome.FieldChanges)
            State.Fields[field] = value;

        // One restriction per record, as Business Central's Restricted Record: a resubmission's instance takes over the
        // one a rejected request left, and whichever instance lifts it (the approval that releases) lifts it for good.
        if (outcome.Restriction == RestrictionChange.Restrict)
        {
            State.Restrictions.Clear();
            State.Restrictions.Add(new RecordRestriction(instanceId, workflowCode, outcome.RestrictionDetails ?? $"The restriction was imposed by the {workflowCode} workflow.", ImposedBy: cause.EventId));
        }
        else if (outcome.Restriction == RestrictionChange.Allow)
        {
            State.Restrictions.Clear();
            _usageAllowed = true;
        }

        State.Instances.RemoveAll(i => i.InstanceId == instanceId);
        if (outcome.Status == InstanceStatus.Running)
            State.Instances.Add(new RecordInstance { InstanceId = instanceId, WorkflowCode = workflowCode, WaitingFor = [.. outcome.WaitingFor] });
        if (outcome.Error is { } error)
            errors.Add($"Workflow {workflowCode} instance {instanceId}: {error}");
        // Posting now wins over a background job: the job would only find the document posted.
        if (outcome.Posting != PostingRequest.None && _postingAsked is not { Request: PostingRequest.Now })
            _postingAsked = (outcome.Posting, workflowCode);

        for (var i = 0; i < outcome.RaisedEvents.Count; i++)
            queue.Enqueue(new RecordEvent($"{cause.EventId}/{instanceId[..8]}/{i}", outcome.RaisedEvents[i], cause.UserId, new Dictionary<string, string?>(), Clock.GetUtcNow(),
                outcome.RaisedEventData?.ElementAtOrDefault(i)));
    }

    private RecordView View() => new(State.RecordType, State.RecordId, State.Fields, State.Restrictions, State.Instances);

    /// <summary>The same event starting the same workflow for the same record always names the same instance, so a retry cannot start two.</summary>
    private string InstanceIdFor(string eventId, string workflowCode)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{TenantId}\n{GrainKey}\n{eventId}\n{workflowCode}"));
        return new Guid(hash.AsSpan(0, 16)).ToString("N");
    }
}

/// <summary>
/// The key of a record grain: its record type, a slash, its id. Record types hold no slash, so the first one separates
/// them and an id may hold slashes of its own: (<c>X/Y</c>, <c>a/b</c>) is refused rather than read as (<c>X</c>, <c>Y/a/b</c>).
/// </summary>
public static class RecordKey
{
    public static string For(string recordType, string recordId)
    {
        if (RecordTypeProblem(recordType) is { } problem)
            throw new ValidationFailedException("recordType", problem);
        return $"{recordType.ToUpperInvariant()}/{recordId}";
    }

    /// <summary>Why <paramref name="recordType"/> cannot name a record, or <see langword="null"/> when it can.</summary>
    public static string? RecordTypeProblem(string recordType) =>
        recordType.Contains('/') ? $"record type '{recordType}' holds a slash (/); record types cannot, record ids may." : null;

    public static (string RecordType, string RecordId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
