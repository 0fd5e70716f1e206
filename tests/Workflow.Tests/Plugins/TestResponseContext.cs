using Workflow.Abstractions;

namespace Workflow.Tests.Plugins;

/// <summary>
/// The host's side of a response run as a small in-memory model, so handlers can be tested for real: the record and its
/// previous values, the restriction, held field changes, notifications and raised events, and the history.
/// </summary>
internal sealed class TestResponseContext : WorkflowResponseContext
{
    private readonly Dictionary<string, string?> _fields;
    private readonly List<string> _history = [];
    private readonly List<HeldFieldChange> _heldChanges = [];
    private readonly List<SentNotification> _notifications = [];
    private readonly List<string> _raisedEvents = [];
    private readonly Dictionary<string, string?> _previousFields = new(StringComparer.OrdinalIgnoreCase);

    public TestResponseContext(IReadOnlyDictionary<string, string> options, IReadOnlyDictionary<string, string?>? fields = null)
        : this(new WorkflowResponseOptions(options), fields)
    {
    }

    /// <summary>Takes options as the host passes them, e.g. with the schema's defaults applied.</summary>
    public TestResponseContext(WorkflowResponseOptions options, IReadOnlyDictionary<string, string?>? fields = null)
    {
        _fields = new Dictionary<string, string?>(fields ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        Options = options;
    }

    /// <summary>
    /// The step's option values as the contract promises them to a handler: with the schema's defaults filled in for
    /// options the step leaves unset.
    /// </summary>
    public static WorkflowResponseOptions OptionsFor(WorkflowResponseDefinition response, IReadOnlyDictionary<string, string> values)
    {
        var merged = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        foreach (var option in response.Options.Options.Where(o => o.DefaultValue is not null))
        {
            if (!merged.TryGetValue(option.Name, out var value) || string.IsNullOrEmpty(value))
            {
                merged[option.Name] = option.DefaultValue!;
            }
        }

        return new WorkflowResponseOptions(merged);
    }

    public IReadOnlyList<string> History => _history;

    /// <summary>The restriction's details while the record is restricted; null when it is not.</summary>
    public string? RestrictionDetails { get; private set; }

    public bool IsRestricted => RestrictionDetails is not null;

    /// <summary>Changes held by the instance and not yet applied or discarded, oldest first.</summary>
    public IReadOnlyList<HeldFieldChange> HeldChanges => _heldChanges;

    public IReadOnlyList<SentNotification> Notifications => _notifications;

    public IReadOnlyList<string> RaisedEvents => _raisedEvents;

    public override string TenantId => "test-tenant";

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string WorkflowCode => "TEST-WORKFLOW";

    public override int StepId => 2;

    public string RecordType { get; init; } = "PURCHASE_DOCUMENT";

    public string RecordId { get; init; } = "PO-1001";

    public override WorkflowRecord Record => new(RecordType, RecordId, new Dictionary<string, string?>(_fields, StringComparer.OrdinalIgnoreCase));

    public override WorkflowResponseOptions Options { get; }

    public override string? TriggeredByUserId => "alice";

    public override TimeProvider Clock => TimeProvider.System;

    /// <summary>The event being handled; a record-changed run also sets <see cref="Previous"/>.</summary>
    public string Event { get; init; } = "RECORD_CREATED";

    public override string EventCode => Event;

    /// <summary>The record's values before the change, for record-changed runs.</summary>
    public IReadOnlyDictionary<string, string?> Previous
    {
        get => _previousFields;
        init => _previousFields = new Dictionary<string, string?>(value, StringComparer.OrdinalIgnoreCase);
    }

    public override IReadOnlyDictionary<string, string?> PreviousFields => _previousFields;

    /// <summary>The user who started the instance; null for an instance no user started.</summary>
    public string? Sender { get; init; } = "alice";

    public override string? SenderUserId => Sender;

    public override void AddHistory(string message) => _history.Add(message);

    public override void SetFieldValue(string field, string? value)
    {
        EnsureField(field);
        _fields[field] = value;
    }

    public override void RestrictRecordUsage(string details)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(details);
        RestrictionDetails = details;
    }

    public override void AllowRecordUsage() => RestrictionDetails = null;

    public override bool HoldFieldChange(string field)
    {
        EnsureField(field);

        // A field the change did not touch has no previous value, and an unchanged one has nothing to hold.
        if (!_previousFields.TryGetValue(field, out var oldValue) || string.Equals(oldValue, _fields[field], StringComparison.Ordinal))
        {
            return false;
        }

        _heldChanges.Add(new HeldFieldChange(field, oldValue, _fields[field]));
        _fields[field] = oldValue;
        return true;
    }

    public override int ApplyHeldChanges(string? field)
    {
        var applied = 0;
        foreach (var change in _heldChanges.Where(c => field is null || string.Equals(c.Field, field, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            // As Business Central: a change overtaken by another one since it was held stays held rather than
            // overwriting the newer value.
            if (!string.Equals(_fields.GetValueOrDefault(change.Field), change.OldValue, StringComparison.Ordinal))
            {
                continue;
            }

            _fields[change.Field] = change.NewValue;
            _heldChanges.Remove(change);
            applied++;
        }

        return applied;
    }

    public override int DiscardHeldChanges()
    {
        var dropped = _heldChanges.Count;
        _heldChanges.Clear();
        return dropped;
    }

    public override void CreateNotification(string recipientUserId, NotificationEntryType entryType, string message, bool sendNow)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientUserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        _notifications.Add(new SentNotification(recipientUserId, entryType, message, sendNow));
    }

    public override void RaiseEvent(string eventCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventCode);
        _raisedEvents.Add(eventCode);
    }

    /// <summary>What <see cref="GetApprovalStatusAsync"/> answers: no pending entries and no approval workflow unless a test sets them.</summary>
    public RecordApprovalStatus ApprovalStatus { get; set; } = new(0, []);

    public override Task<RecordApprovalStatus> GetApprovalStatusAsync(CancellationToken cancellationToken) => Task.FromResult(ApprovalStatus);

    /// <summary>How often the response asked to post the record now, and in the background.</summary>
    public int PostsRequested { get; private set; }

    public int BackgroundPostsRequested { get; private set; }

    public override void PostRecord() => PostsRequested++;

    public override void PostRecordInBackground() => BackgroundPostsRequested++;

    /// <summary>What <see cref="GetLinesAsync"/> answers: no lines unless a test sets them.</summary>
    public IReadOnlyList<WorkflowRecord> Lines { get; set; } = [];

    public override Task<IReadOnlyList<WorkflowRecord>> GetLinesAsync(CancellationToken cancellationToken) => Task.FromResult(Lines);

    /// <summary>The records the response asked to create, in order.</summary>
    public List<(string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields, string CreatedEventCode)> CreatedRecords { get; } = [];

    public override void CreateRecord(string recordType, string recordId, IReadOnlyDictionary<string, string?> fields, string createdEventCode) =>
        CreatedRecords.Add((recordType, recordId, fields, createdEventCode));

    /// <summary>Other records a response may read, by record type and id.</summary>
    public Dictionary<(string RecordType, string RecordId), WorkflowRecord> OtherRecords { get; } = [];

    /// <summary>Ledger balances a response may read, by party and account.</summary>
    public Dictionary<(PostingParty Party, string AccountNo), decimal> LedgerBalances { get; } = [];

    public override Task<WorkflowRecord?> GetRecordAsync(string recordType, string recordId, CancellationToken cancellationToken) =>
        Task.FromResult(OtherRecords.GetValueOrDefault((recordType, recordId)));

    public override Task<decimal> GetLedgerBalanceAsync(PostingParty party, string accountNo, CancellationToken cancellationToken) =>
        Task.FromResult(LedgerBalances.GetValueOrDefault((party, accountNo)));

    private void EnsureField(string field)
    {
        if (!_fields.ContainsKey(field))
        {
            throw new InvalidOperationException($"Record type {RecordType} has no field '{field}'.");
        }
    }
}

/// <summary>A field change held by the instance: the value put back on the record and the one kept for later.</summary>
internal sealed record HeldFieldChange(string Field, string? OldValue, string? NewValue);

/// <summary>A notification a response created.</summary>
internal sealed record SentNotification(string RecipientUserId, NotificationEntryType EntryType, string Message, bool SendNow);
