using Workflow.Abstractions;
using Workflow.Engine.Notifications;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Instances;

/// <summary>
/// The effects of the responses run for one event of one instance: the record as they leave it, its restriction, the
/// events they raise, the notifications they create. The record grain takes these over once the instance has stored them.
/// </summary>
internal sealed class ResponseRun(WorkflowInstanceGrain instance, RecordEvent recordEvent, RecordSnapshot record)
{
    private readonly Dictionary<string, string?> _fields = new(record.Fields, StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string?> FieldChanges { get; } = new(StringComparer.OrdinalIgnoreCase);
    public RestrictionChange Restriction { get; set; }
    public string? RestrictionDetails { get; set; }
    public List<string> RaisedEvents { get; } = [];
    public List<IReadOnlyDictionary<string, string?>?> RaisedEventData { get; } = [];
    public List<NotificationEntry> Notifications { get; } = [];
    public Workflow.Engine.Posting.PostingRequest Posting { get; set; }
    public List<Outbox.OutboxEvent> CreatedRecords { get; } = [];

    public WorkflowResponseContext ContextFor(StepInstance step, WorkflowResponseOptions options) =>
        new InstanceResponseContext(this, instance, step, options);

    private sealed class InstanceResponseContext(ResponseRun run, WorkflowInstanceGrain instance, StepInstance step, WorkflowResponseOptions options)
        : WorkflowResponseContext, IEngineResponseContext
    {
        private WorkflowInstanceState State => instance.InstanceState;

        public override string TenantId => instance.Tenant;
        public override Guid InstanceId => Guid.Parse(instance.InstanceId);
        public override string WorkflowCode => State.WorkflowCode;
        public override int StepId => step.StepId;
        public override WorkflowRecord Record => new(record.RecordType, record.RecordId, run._fields);
        public override WorkflowResponseOptions Options => options;
        public override string? TriggeredByUserId => run.Event.UserId;
        public override TimeProvider Clock => instance.InstanceClock;
        public override string EventCode => run.Event.EventCode;
        public override IReadOnlyDictionary<string, string?> PreviousFields => run.Event.PreviousFields;
        public override string? SenderUserId => State.SenderUserId;

        private RecordSnapshot record => run.Record;

        public override void AddHistory(string message) => instance.History("Message", step.StepId, message);

        public override void SetFieldValue(string field, string? value)
        {
            var recordType = instance.Catalog.FindRecordType(record.RecordType)?.Definition;
            var known = recordType?.Fields.FirstOrDefault(f => string.Equals(f.Name, field, StringComparison.OrdinalIgnoreCase));
            if (recordType is not null && known is null)
                throw new InvalidOperationException($"Record type {recordType.Code} has no field '{field}'.");
            var name = known?.Name ?? field;
            run._fields[name] = value;
            run.FieldChanges[name] = value;
        }

        public override void RestrictRecordUsage(string details)
        {
            State.RestrictsRecord = true;
            run.Restriction = RestrictionChange.Restrict;
            run.RestrictionDetails = details;
        }

        public override void AllowRecordUsage()
        {
            State.RestrictsRecord = false;
            run.Restriction = RestrictionChange.Allow;
            run.RestrictionDetails = null;
        }

        public override bool HoldFieldChange(string field)
        {
            var oldValue = EventConditionEvaluator.Lookup(run.Event.PreviousFields, field);
            var newValue = EventConditionEvaluator.Lookup(run._fields, field);
            if (string.Equals(oldValue, newValue, StringComparison.Ordinal) || !ContainsKey(run.Event.PreviousFields, field))
                return false;
            State.HeldChanges.Add(new HeldChange { Field = field, OldValue = oldValue, NewValue = newValue });
            SetFieldValue(field, oldValue);
            return true;
        }

        public override int ApplyHeldChanges(string? field)
        {
            var applied = 0;
            foreach (var change in State.HeldChanges.Where(c => c.Active && (field is null || string.Equals(c.Field, field, StringComparison.OrdinalIgnoreCase))))
            {
                change.Active = false;
                // Business Central applies a held value only if nobody changed the field since it was held.
                if (!string.Equals(EventConditionEvaluator.Lookup(run._fields, change.Field), change.OldValue, StringComparison.Ordinal))
                {
                    AddHistory($"The current value of the field {change.Field} is different from the value before the change; the new value is not applied.");
                    continue;
                }
                SetFieldValue(change.Field, change.NewValue);
                applied++;
            }
            return applied;
        }

        public override int DiscardHeldChanges()
        {
            var discarded = 0;
            foreach (var change in State.HeldChanges.Where(c => c.Active))
            {
                change.Active = false;
                discarded++;
            }
            return discarded;
        }

        public override void CreateNotification(string recipientUserId, NotificationEntryType entryType, string message, bool sendNow) =>
            run.Notifications.Add(new NotificationEntry(
                $"{instance.InstanceId}:{run.Event.EventId}:{step.StepId}:{run.Notifications.Count}",
                recipientUserId.Trim().ToUpperInvariant(), entryType, record.RecordType, record.RecordId, instance.InstanceId,
                message, sendNow, run.Event.UserId, instance.InstanceClock.GetUtcNow()));

        public override void RaiseEvent(string eventCode)
        {
            run.RaisedEvents.Add(eventCode);
            run.RaisedEventData.Add(null);
        }

        public void RaiseEvent(string eventCode, IReadOnlyDictionary<string, string?> eventData)
        {
            run.RaisedEvents.Add(eventCode);
            run.RaisedEventData.Add(eventData);
        }

        public string EventId => run.Event.EventId;

        public override Task<RecordApprovalStatus> GetApprovalStatusAsync(CancellationToken cancellationToken) =>
            instance.Approvals.StatusAsync(instance.Tenant, record.RecordType, record.RecordId, run._fields, cancellationToken);

        public override void PostRecord() => run.Posting = Workflow.Engine.Posting.PostingRequest.Now;

        // Posting now already covers it; a background job would find the record posted.
        public override void PostRecordInBackground()
        {
            if (run.Posting != Workflow.Engine.Posting.PostingRequest.Now)
                run.Posting = Workflow.Engine.Posting.PostingRequest.InBackground;
        }

        public override async Task<IReadOnlyList<WorkflowRecord>> GetLinesAsync(CancellationToken cancellationToken) =>
            (await instance.Lines.ReadAsync(instance.Tenant, record.RecordType, record.RecordId, cancellationToken)).Select(l => l.AsRecord()).ToList();

        public override void CreateRecord(string recordType, string recordId, IReadOnlyDictionary<string, string?> fields, string createdEventCode)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
            ArgumentNullException.ThrowIfNull(fields);
            var type = instance.Catalog.FindRecordType(recordType)?.Definition
                ?? throw new InvalidOperationException($"Record type '{recordType}' is not registered by any loaded plugin.");
            var created = instance.Catalog.FindEvent(createdEventCode)?.Definition
                ?? throw new InvalidOperationException($"Event '{createdEventCode}' is not registered by any loaded plugin.");
            if (!string.Equals(created.RecordType, type.Code, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"Event {created.Code} concerns {created.RecordType ?? "any record"}, not {type.Code}: it cannot make a {type.Code}.");
            Records.RecordKey.For(type.Code, recordId);
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in fields)
            {
                var field = type.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidOperationException($"Record type {type.Code} has no field '{name}'.");
                values[field.Name] = value;
            }
            // The instance that made the record may continue on it (the record grain asks it, when it waits for the event).
            values[Approvals.ApprovalsCatalog.WorkflowStepInstanceIdField] = instance.InstanceId;
            run.CreatedRecords.Add(new Outbox.OutboxEvent(
                $"{instance.InstanceId}:{run.Event.EventId}:{step.StepId}:{run.CreatedRecords.Count}", created.Code, type.Code, recordId, run.Event.UserId, values));
        }

        public override async Task<WorkflowRecord?> GetRecordAsync(string recordType, string recordId, CancellationToken cancellationToken) =>
            (await instance.Lines.ReadRecordAsync(instance.Tenant, recordType, recordId, cancellationToken))?.AsRecord();

        public override Task<decimal> GetLedgerBalanceAsync(PostingParty party, string accountNo, CancellationToken cancellationToken) =>
            instance.PostedEntries.BalanceAsync(instance.Tenant, party == PostingParty.Vendor ? Workflow.Engine.Posting.Ledger.Vendor : Workflow.Engine.Posting.Ledger.Customer, accountNo, cancellationToken);

        private static bool ContainsKey(IReadOnlyDictionary<string, string?> fields, string name) =>
            fields.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
    }

    public RecordEvent Event => recordEvent;
    public RecordSnapshot Record => record;
}
