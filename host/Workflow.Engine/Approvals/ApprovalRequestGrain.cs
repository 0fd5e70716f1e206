using System.Globalization;
using Workflow.Abstractions;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Calendar;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Live;
using Workflow.Engine.Metrics;
using Workflow.Engine.Notifications;
using Workflow.Engine.Outbox;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Approvals;

/// <summary>The approval request of one workflow instance: its entries, their approvers and the actions on them.</summary>
[Alias("wf.approval-request")]
public interface IApprovalRequestGrain : IGrainWithStringKey
{
    Task<ApprovalRequestView> Create(CreateApprovalRequest request);
    Task<ApprovalSendResult> Send();
    /// <summary>The workflow's "reject / cancel the approval request" responses: every entry still standing is closed.</summary>
    Task<ApprovalRequestView> CloseAll(CloseApprovalRequest request);
    Task<ApprovalActionResult> Act(ApprovalAction action);

    Task<ApprovalRequestView?> Get();

    /// <summary>
    /// Business Central's "Create notification for overdue approval requests." for this request: every Open entry due on
    /// or before today gets an Overdue notification to its approver, once per run (<paramref name="runId"/>); answers how many.
    /// </summary>
    Task<int> NotifyOverdue(string runId);

    /// <summary>The approved record was deleted: the request goes with it, its entries (history included) too.</summary>
    Task Delete();
}

public sealed class ApprovalRequestState : StateWithSideRows
{
    public string CreatedByEventId { get; set; } = "";
    public string RecordType { get; set; } = "";
    public string RecordId { get; set; } = "";
    public string WorkflowCode { get; set; } = "";
    public string SenderId { get; set; } = "";
    public decimal Amount { get; set; }
    public string? DueDateFormula { get; set; }
    public int? DelegateAfterDays { get; set; }
    public GroupCompletion GroupCompletion { get; set; }
    public int Quorum { get; set; } = 1;
    public List<ApprovalEntry> Entries { get; set; } = [];
    public List<ApprovalComment> Comments { get; set; } = [];
    public int ActionCount { get; set; }
    public List<HandledApprovalAction> HandledActions { get; set; } = [];
}

[GenerateSerializer, Alias("wf.HandledApprovalAction")]
public sealed record HandledApprovalAction(string Key, List<OutboxEvent> StoredEvents);

/// <summary>
/// An approval request as a grain. Approving the last open entry of a sequence opens the next sequence; when nothing is
/// pending the workflow hears "approved" with Pending Approvals 0. A rejection rejects the rest; a cancelation cancels
/// every entry still standing and tells their approvers. Who may act is checked
/// here: the entry's approver or an approval administrator approves and rejects; the approver, the sender or an
/// administrator delegates; the sender or an administrator cancels. Events for the workflow go through the outbox, never
/// by calling the record from inside this grain's turn. Due dates and automatic delegation run on durable reminders.
/// </summary>
[GrainType("approval-request")]
public sealed class ApprovalRequestGrain(
    [PersistentState("state", WorkflowGrainStorage.Name)] IPersistentState<ApprovalRequestState> state,
    TimeProvider clock,
    ApproverRouting routing,
    ApprovalSetupStore setup,
    ApprovalEntryIndex index,
    EventOutbox outbox,
    NotificationStore notifications) : TenantGrain<ApprovalRequestState>(state, clock), IApprovalRequestGrain, IRemindable
{
    private const int HandledActionsKept = 100;
    private const string System = "SYSTEM";
    private const string CancelRefused = "Only the sender or an approval administrator may cancel this approval request.";

    // The entries as last stored: what this turn's live feed messages are the difference from.
    private Dictionary<int, ApprovalFeed.StoredEntry> _stored = [];

    protected override void OnStateLoaded() => _stored = ApprovalFeed.Snapshot(State.Entries);

    public async Task<ApprovalRequestView> Create(CreateApprovalRequest request)
    {
        // The same event creating the request again (a retried response) changes nothing.
        if (RecordExists && State.CreatedByEventId == request.EventId)
            return View();
        if (State.Entries.Any(e => e.IsPending))
            throw new InvalidOperationException($"An approval request for {request.RecordType} {request.RecordId} is already pending in this instance.");

        // Routing refuses (no approver) before anything is written: the event then leaves no trace.
        var plan = await routing.PlanAsync(TenantId, request, CancellationToken.None);
        var now = Clock.GetUtcNow();
        var firstEntryNo = State.Entries.Count + 1;
        // A resubmission in the same instance continues the sequence numbers, as Business Central's do.
        var lastSequenceNo = State.Entries.Count == 0 ? 0 : State.Entries.Max(e => e.SequenceNo);
        State.CreatedByEventId = request.EventId;
        State.RecordType = request.RecordType;
        State.RecordId = request.RecordId;
        State.WorkflowCode = request.WorkflowCode;
        State.SenderId = request.SenderId;
        State.Amount = request.Amount;
        State.DueDateFormula = request.DueDateFormula;
        State.DelegateAfterDays = request.DelegateAfterDays;
        State.GroupCompletion = request.GroupCompletion;
        State.Quorum = Math.Max(1, request.Quorum);
        var dueDate = DueDate();
        State.Entries.AddRange(plan.Select((p, i) => new ApprovalEntry
        {
            EntryNo = firstEntryNo + i, SequenceNo = lastSequenceNo + p.SequenceNo, SenderId = request.SenderId, ApproverId = p.ApproverId,
            // The sender's own entry is approved as it is made (Business Central's self-approval).
            Status = string.Equals(p.ApproverId, request.SenderId, StringComparison.OrdinalIgnoreCase) ? ApprovalStatus.Approved : ApprovalStatus.Created,
            DueDate = dueDate, Amount = request.Amount, CreatedAt = now, LastModifiedAt = now, LastModifiedBy = request.SenderId,
        }));
        await SaveAsync([]);
        return View();
    }

    public async Task<ApprovalSendResult> Send()
    {
        var opened = new List<NotificationEntry>();
        if (!State.Entries.Any(e => e.Status == ApprovalStatus.Open))
        {
            await OpenNextSequenceAsync(opened);
        }
        await SaveAsync([], opened);
        // Nothing left to open and every entry approved (the sender's own covered the amount): the workflow hears
        // "approved" at once, in the same turn, as Business Central's send does.
        var approved = opened.Count == 0 && !State.Entries.Any(e => e.IsPending)
            ? State.Entries.LastOrDefault(e => e.Status == ApprovalStatus.Approved)
            : null;
        return new ApprovalSendResult(View(), approved is null ? null : EventData(approved));
    }

    public async Task<ApprovalRequestView> CloseAll(CloseApprovalRequest request)
    {
        if (!RecordExists)
            throw new NotFoundException($"Approval request '{GrainKey}' does not exist.");
        // The document's "cancel approval request" is the sender's or an approval administrator's, as the request's own
        // cancel action: refused as a whole, the event leaves the request and the document as they were.
        if (request.Kind == ApprovalActionKind.Cancel && request.ActorId is { } actor && actor != State.SenderId
            && (await setup.GetAllUserSetupAsync(TenantId, CancellationToken.None)).GetValueOrDefault(actor)?.ApprovalAdministrator != true)
            throw new EventRefusedException(CancelRefused);
        var notified = new List<NotificationEntry>();
        // Business Central's reject-all and cancel-all: every entry not rejected or canceled yet, approved ones too.
        foreach (var entry in State.Entries.Where(e => e.Status is not (ApprovalStatus.Rejected or ApprovalStatus.Canceled)))
        {
            var was = entry.Status;
            entry.Status = request.Kind == ApprovalActionKind.Reject ? ApprovalStatus.Rejected : ApprovalStatus.Canceled;
            Touch(entry, null);
            if (request.Kind == ApprovalActionKind.Cancel && was is ApprovalStatus.Open or ApprovalStatus.Approved && entry.ApproverId != State.SenderId)
                notified.Add(CanceledNotification(entry, request.EventId));
        }
        if (request.Kind == ApprovalActionKind.Reject && request.NotifySender)
            notified.Add(new NotificationEntry($"{GrainKey}:rejected:{request.EventId}", State.SenderId, NotificationEntryType.Approval,
                State.RecordType, State.RecordId, GrainKey,
                $"Your approval request for {State.RecordType} {State.RecordId} ({State.Amount.ToString(CultureInfo.InvariantCulture)}) has been rejected.",
                SendNow: false, System, Clock.GetUtcNow())
            {
                // Worded by the entry that was rejected, as the sender's notification in Business Central is.
                ApprovalEntryNo = State.Entries.LastOrDefault(e => e.Status == ApprovalStatus.Rejected && e.ApproverId != State.SenderId)?.EntryNo
                    ?? State.Entries.LastOrDefault(e => e.Status == ApprovalStatus.Rejected)?.EntryNo,
            });
        await SaveAsync([], notified);
        return View();
    }

    public Task<ApprovalRequestView?> Get() => Task.FromResult(RecordExists ? View() : null);

    public async Task Delete()
    {
        if (!RecordExists)
            return;
        var rows = new WriteBatch();
        index.Delete(rows, TenantId, GrainKey);
        await ClearStateAsync(rows);
        // Reminders still registered find no entry and end themselves.
        DeactivateOnIdle();
    }

    public async Task<ApprovalActionResult> Act(ApprovalAction action)
    {
        if (!RecordExists)
            throw new NotFoundException($"Approval request '{GrainKey}' does not exist.");
        var key = action.IdempotencyKey is { } k ? $"{action.Kind}:{action.ActorId}:{k}" : null;
        if (key is not null && State.HandledActions.FirstOrDefault(h => h.Key == key) is { } handled)
            return new ApprovalActionResult(View(), handled.StoredEvents);

        var setups = await setup.GetAllUserSetupAsync(TenantId, CancellationToken.None);
        var actor = action.ActorId;
        var isAdministrator = actor is null || setups.GetValueOrDefault(actor)?.ApprovalAdministrator == true;
        var events = new List<OutboxEvent>();
        var opened = new List<NotificationEntry>();
        State.ActionCount++;

        switch (action.Kind)
        {
            case ApprovalActionKind.Approve:
            {
                var entry = EntryToAnswer(action, isAdministrator);
                entry.Status = ApprovalStatus.Approved;
                Touch(entry, actor);
                CloseSequenceIfDone(entry.SequenceNo, actor);
                if (!State.Entries.Any(e => e.Status == ApprovalStatus.Open))
                    await OpenNextSequenceAsync(opened);
                events.Add(Event("APPROVAL_REQUEST_APPROVED", entry, actor));
                break;
            }
            case ApprovalActionKind.Reject:
            {
                var entry = EntryToAnswer(action, isAdministrator);
                entry.Status = ApprovalStatus.Rejected;
                Touch(entry, actor);
                // The rest of the request is rejected with it (Business Central's "reject the approval request").
                foreach (var other in State.Entries.Where(e => e.IsPending))
                {
                    other.Status = ApprovalStatus.Rejected;
                    Touch(other, actor);
                }
                events.Add(Event("APPROVAL_REQUEST_REJECTED", entry, actor));
                break;
            }
            case ApprovalActionKind.Delegate:
            {
                var entry = DelegatableEntry(action, isAdministrator);
                var to = DelegateFor(entry.ApproverId, setups)
                    ?? throw new ConflictException($"There is no substitute, direct approver, or approval administrator for user ID {entry.ApproverId} in the Approval User Setup window.");
                entry.DelegatedFromId = entry.ApproverId;
                entry.ApproverId = to;
                entry.OpenedAt = Clock.GetUtcNow();
                // The due date stays (Business Central's delegation keeps it); the new holder is told when it is overdue.
                entry.OverdueNotifiedAt = null;
                Touch(entry, actor);
                await ScheduleAsync(entry);
                opened.Add(ApprovalNotification(entry));
                events.Add(Event("APPROVAL_REQUEST_DELEGATED", entry, actor));
                break;
            }
            case ApprovalActionKind.Cancel:
            {
                if (!isAdministrator && actor != State.SenderId)
                    throw new ForbiddenException(CancelRefused);
                var pending = State.Entries.Where(e => e.IsPending).ToList();
                if (pending.Count == 0)
                    throw new ConflictException("The approval request has no pending entries to cancel.");
                // Every entry still standing, approved ones too; their approvers hear of it (Business Central's cancel-all).
                foreach (var entry in State.Entries.Where(e => e.Status is not (ApprovalStatus.Rejected or ApprovalStatus.Canceled)))
                {
                    var was = entry.Status;
                    entry.Status = ApprovalStatus.Canceled;
                    Touch(entry, actor);
                    if (was is ApprovalStatus.Open or ApprovalStatus.Approved && entry.ApproverId != actor && entry.ApproverId != State.SenderId)
                        opened.Add(CanceledNotification(entry, State.ActionCount.ToString(CultureInfo.InvariantCulture)));
                }
                events.Add(Event("APPROVAL_REQUEST_CANCELED", pending[0], actor));
                break;
            }
            case ApprovalActionKind.Comment:
            {
                if (!isAdministrator && actor != State.SenderId && !State.Entries.Any(e => e.ApproverId == actor || e.DelegatedFromId == actor))
                    throw new ForbiddenException("Only the sender, an approver of this request or an approval administrator may comment on it.");
                if (string.IsNullOrWhiteSpace(action.Comment))
                    throw new ValidationFailedException("text", "is required.");
                break;
            }
        }

        if (!string.IsNullOrWhiteSpace(action.Comment))
            State.Comments.Add(new ApprovalComment(Clock.GetUtcNow(), actor ?? System, action.Comment.Trim()));
        if (key is not null)
        {
            State.HandledActions.Add(new HandledApprovalAction(key, events));
            if (State.HandledActions.Count > HandledActionsKept)
                State.HandledActions.RemoveRange(0, State.HandledActions.Count - HandledActionsKept);
        }

        await SaveAsync(events, opened);
        if (action.Kind != ApprovalActionKind.Comment)
            EngineMetrics.ApprovalAction(action.Kind.ToString());
        // Nothing left to answer: the request is only read from now on, rarely; it need not stay in memory.
        if (!State.Entries.Any(e => e.IsPending))
        {
            if (action.Kind != ApprovalActionKind.Comment)
                EngineMetrics.RoundTrip(action.Kind switch
                {
                    ApprovalActionKind.Reject => nameof(ApprovalStatus.Rejected),
                    ApprovalActionKind.Cancel => nameof(ApprovalStatus.Canceled),
                    _ => nameof(ApprovalStatus.Approved),
                });
            DeactivateOnIdle();
        }
        return new ApprovalActionResult(View(), events);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await HandleReminderAsync(reminderName);
        // One-shot: done once handled. A failure leaves it registered, to be tried again a period later.
        await ForgetReminderAsync(reminderName);
    }

    public async Task<int> NotifyOverdue(string runId)
    {
        if (!RecordExists)
            return 0;
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var overdue = State.Entries.Where(e => e.Status == ApprovalStatus.Open && e.DueDate is { } due && due <= today).ToList();
        if (overdue.Count == 0)
            return 0;
        foreach (var entry in overdue)
            entry.OverdueNotifiedAt ??= Clock.GetUtcNow();
        // Each run tells again, as each run of Business Central's batch job does; the run's id keeps a retried run to once.
        await SaveAsync([], overdue.Select(e => OverdueNotification(e, $"{GrainKey}:overdue-run:{runId}:{e.EntryNo}")).ToList());
        return overdue.Count;
    }

    private NotificationEntry OverdueNotification(ApprovalEntry entry, string notificationId) =>
        new(notificationId, entry.ApproverId, NotificationEntryType.Overdue, State.RecordType, State.RecordId, GrainKey,
            $"The approval request for {State.RecordType} {State.RecordId} from {State.SenderId} was due on {entry.DueDate:yyyy-MM-dd} and is overdue.",
            SendNow: true, System, Clock.GetUtcNow()) { ApprovalEntryNo = entry.EntryNo };

    private async Task HandleReminderAsync(string reminderName)
    {
        var (kind, entryNo, openedAtMs) = ParseReminder(reminderName);
        var entry = State.Entries.FirstOrDefault(e => e.EntryNo == entryNo);
        // A reminder of an entry answered, or delegated (reopened) since it was set, has nothing left to do.
        if (entry is not { Status: ApprovalStatus.Open } || entry.OpenedAt?.ToUnixTimeMilliseconds() != openedAtMs)
            return;

        if (kind == "overdue")
        {
            if (entry.OverdueNotifiedAt is not null)
                return;
            entry.OverdueNotifiedAt = Clock.GetUtcNow();
            await SaveAsync([], [OverdueNotification(entry, $"{GrainKey}:overdue:{entry.EntryNo}:{openedAtMs}")]);
        }
        else if (kind == "delegate")
        {
            try
            {
                await Act(new ApprovalAction(ApprovalActionKind.Delegate, null, entry.EntryNo, null, $"auto-delegate:{entry.EntryNo}:{openedAtMs}"));
            }
            catch (ConflictException)
            {
                // Nobody to delegate to: the entry stays with its approver, as Business Central's delegation job leaves it.
            }
        }
    }

    /// <summary>
    /// The entry a delegation moves: the approver's own, or the one named by the sender or an approval administrator
    /// (Business Central lets exactly those edit an entry).
    /// </summary>
    private ApprovalEntry DelegatableEntry(ApprovalAction action, bool isAdministrator)
    {
        const string noPermission = "You do not have permission to delegate one or more of the selected approval requests.";
        var open = State.Entries.Where(e => e.Status == ApprovalStatus.Open).ToList();
        if (action.EntryNo is null && open.Count > 0 && open.All(e => e.ApproverId != action.ActorId))
        {
            // Not an approver here: the sender and an approval administrator delegate the first open entry.
            if (!isAdministrator && action.ActorId is not null && open.All(e => e.SenderId != action.ActorId))
                throw new ForbiddenException(noPermission);
            return open[0];
        }
        var entry = OpenEntry(action);
        if (!isAdministrator && action.ActorId is not null && action.ActorId != entry.ApproverId && action.ActorId != entry.SenderId)
            throw new ForbiddenException(noPermission);
        return entry;
    }

    private ApprovalEntry EntryToAnswer(ApprovalAction action, bool isAdministrator)
    {
        var entry = OpenEntry(action);
        if (!isAdministrator && action.ActorId != entry.ApproverId)
            throw new ForbiddenException("Only the entry's approver or an approval administrator may approve or reject it.");
        return entry;
    }

    private ApprovalEntry OpenEntry(ApprovalAction action)
    {
        var open = State.Entries.Where(e => e.Status == ApprovalStatus.Open).ToList();
        if (action.EntryNo is { } entryNo)
            return open.FirstOrDefault(e => e.EntryNo == entryNo)
                ?? throw new ConflictException(OnlyOpenEntries(action.Kind));
        return open.FirstOrDefault(e => e.ApproverId == action.ActorId)
            ?? (action.ActorId is null || open.Count == 0 ? open.FirstOrDefault() : null)
            ?? (open.Count == 0
                ? throw new ConflictException("The approval request has no open entry.")
                : throw new ForbiddenException("You are not the approver of an open entry of this request; name the entry (entryNo) if you are an approval administrator."));
    }

    // Business Central's wording (codeunit Approvals Mgmt.), one message per action.
    private static string OnlyOpenEntries(ApprovalActionKind kind) => kind switch
    {
        ApprovalActionKind.Approve => "You can only approve open approval requests.",
        ApprovalActionKind.Reject => "You can only reject open approval entries.",
        ApprovalActionKind.Delegate => "You can only delegate open approval requests.",
        _ => "The approval request has no open entry.",
    };

    /// <summary>Ends a sequence once its completion rule is met, canceling entries no longer needed.</summary>
    private void CloseSequenceIfDone(int sequenceNo, string? actor)
    {
        var sequence = State.Entries.Where(e => e.SequenceNo == sequenceNo).ToList();
        var approved = sequence.Count(e => e.Status == ApprovalStatus.Approved);
        var enough = State.GroupCompletion switch
        {
            GroupCompletion.Any => approved >= 1,
            GroupCompletion.Quorum => approved >= Math.Min(State.Quorum, sequence.Count),
            _ => false, // All: the sequence closes when its last open entry is approved
        };
        if (!enough)
            return;
        foreach (var entry in sequence.Where(e => e.IsPending))
        {
            entry.Status = ApprovalStatus.Canceled;
            Touch(entry, actor);
        }
    }

    private async Task OpenNextSequenceAsync(List<NotificationEntry> opened)
    {
        var next = State.Entries.Where(e => e.Status == ApprovalStatus.Created).Select(e => (int?)e.SequenceNo).Min();
        if (next is null)
            return;
        var now = Clock.GetUtcNow();
        foreach (var entry in State.Entries.Where(e => e.Status == ApprovalStatus.Created && e.SequenceNo == next))
        {
            entry.Status = ApprovalStatus.Open;
            entry.OpenedAt = now;
            entry.LastModifiedAt = now;
            await ScheduleAsync(entry);
            opened.Add(ApprovalNotification(entry));
        }
    }

    private async Task ScheduleAsync(ApprovalEntry entry)
    {
        var openedAt = entry.OpenedAt!.Value.ToUnixTimeMilliseconds();
        // Overdue on its due date: Business Central's overdue run takes every open entry due on or before today.
        if (entry.DueDate is { } due)
            await RegisterOrUpdateReminder($"overdue:{entry.EntryNo}:{openedAt}",
                new DateTimeOffset(due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (State.DelegateAfterDays is { } days)
            await RegisterOrUpdateReminder($"delegate:{entry.EntryNo}:{openedAt}", entry.OpenedAt.Value.AddDays(days));
    }

    private DateOnly? DueDate()
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        return State.DueDateFormula is { Length: > 0 } formula ? DateFormula.Parse(formula).ApplyTo(today) : null;
    }

    /// <summary>Business Central's delegation order: the approver's substitute, else their approver, else an approval administrator.</summary>
    private static string? DelegateFor(string approverId, IReadOnlyDictionary<string, ApprovalUserSetup> setups)
    {
        var approverSetup = setups.GetValueOrDefault(approverId);
        return approverSetup?.SubstituteId
            ?? approverSetup?.ApproverId
            ?? setups.Values.Where(s => s.ApprovalAdministrator && !string.Equals(s.UserId, approverId, StringComparison.OrdinalIgnoreCase))
                .Select(s => s.UserId).OrderBy(u => u, StringComparer.Ordinal).FirstOrDefault();
    }

    private OutboxEvent Event(string eventCode, ApprovalEntry entry, string? actor) =>
        new($"{GrainKey}:{State.ActionCount}:{eventCode}", eventCode, State.RecordType, State.RecordId, actor ?? State.SenderId, EventData(entry));

    /// <summary>The approval entry's values an approval event carries, for the conditions of the steps waiting for it.</summary>
    private Dictionary<string, string?> EventData(ApprovalEntry entry) =>
            new()
            {
                ["Pending Approvals"] = State.Entries.Count(e => e.IsPending).ToString(CultureInfo.InvariantCulture),
                ["Sequence No."] = entry.SequenceNo.ToString(CultureInfo.InvariantCulture),
                ["Approver ID"] = entry.ApproverId,
                ["Sender ID"] = entry.SenderId,
                ["Status"] = entry.Status.ToString(),
                ["Amount"] = entry.Amount.ToString(CultureInfo.InvariantCulture),
                [ApprovalsCatalog.WorkflowStepInstanceIdField] = GrainKey,
            };

    private NotificationEntry CanceledNotification(ApprovalEntry entry, string cause) =>
        new($"{GrainKey}:canceled:{entry.EntryNo}:{cause}", entry.ApproverId, NotificationEntryType.Approval,
            State.RecordType, State.RecordId, GrainKey,
            $"The approval request for {State.RecordType} {State.RecordId} from {State.SenderId} has been canceled.",
            SendNow: false, System, Clock.GetUtcNow()) { ApprovalEntryNo = entry.EntryNo };

    private NotificationEntry ApprovalNotification(ApprovalEntry entry) =>
        new($"{GrainKey}:open:{entry.EntryNo}:{entry.OpenedAt!.Value.ToUnixTimeMilliseconds()}", entry.ApproverId, NotificationEntryType.Approval,
            State.RecordType, State.RecordId, GrainKey,
            $"{State.SenderId} asks you to approve {State.RecordType} {State.RecordId} ({State.Amount.ToString(CultureInfo.InvariantCulture)})"
            + (entry.DueDate is { } due ? $" by {due:yyyy-MM-dd}." : "."),
            SendNow: false, State.SenderId, Clock.GetUtcNow()) { ApprovalEntryNo = entry.EntryNo };

    private void Touch(ApprovalEntry entry, string? actor)
    {
        entry.LastModifiedAt = Clock.GetUtcNow();
        entry.LastModifiedBy = actor ?? System;
    }

    /// <summary>Outbox and index first, with ids derived from the state: if the state write fails the retry repeats them harmlessly.</summary>
    /// <summary>The state with its entry rows, the notifications and the events it decided: one transaction.
    /// The live feed messages of the entries' changes go in it too; numbered in its commit, then pushed.</summary>
    private async Task SaveAsync(IReadOnlyList<OutboxEvent> events, IReadOnlyList<NotificationEntry>? notificationEntries = null)
    {
        var alongside = new WriteBatch();
        index.Upsert(alongside, TenantId, GrainKey, State.RecordType, State.RecordId, State.WorkflowCode, State.Entries);
        notifications.Add(alongside, TenantId, notificationEntries ?? []);
        outbox.Add(alongside, TenantId, events);
        var feed = ApprovalFeed.Changes(TenantId, GrainKey, State.RecordType, State.RecordId, State.WorkflowCode, State.Amount, _stored, State.Entries, Clock.GetUtcNow());
        var numbered = UserFeed.Add(alongside, feed);
        await WriteStateAsync(alongside);
        _stored = ApprovalFeed.Snapshot(State.Entries);
        GrainFactory.PushFeeds(numbered);
    }

    private static (string Kind, int EntryNo, long OpenedAtMs) ParseReminder(string name)
    {
        var parts = name.Split(':');
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private ApprovalRequestView View() => new(
        GrainKey, State.RecordType, State.RecordId, State.WorkflowCode, State.SenderId, State.Amount, State.GroupCompletion, State.Quorum,
        State.Entries.Count(e => e.IsPending), State.Entries, State.Comments);
}
