namespace Workflow.Abstractions;

/// <summary>
/// What a response sees and may do while it runs for one workflow instance. The host implements it; changes the response
/// makes through it are committed with the instance's step, so they are never half-applied.
/// </summary>
public abstract class WorkflowResponseContext
{
    /// <summary>The tenant the instance belongs to.</summary>
    public abstract string TenantId { get; }

    /// <summary>The running workflow instance.</summary>
    public abstract Guid InstanceId { get; }

    /// <summary>Code of the workflow the instance runs.</summary>
    public abstract string WorkflowCode { get; }

    /// <summary>Id of the response step being run.</summary>
    public abstract int StepId { get; }

    /// <summary>The record the instance carries, as it is now (including changes made by earlier responses).</summary>
    public abstract WorkflowRecord Record { get; }

    /// <summary>The step's option values, typed against the response's schema.</summary>
    public abstract WorkflowResponseOptions Options { get; }

    /// <summary>The user whose action raised the event being handled, if a user raised it.</summary>
    public abstract string? TriggeredByUserId { get; }

    /// <summary>The host's clock; use it rather than the system clock so tests can move time.</summary>
    public abstract TimeProvider Clock { get; }

    /// <summary>Adds a line to the instance's history (what "Show message" does).</summary>
    public abstract void AddHistory(string message);

    /// <summary>Sets a field of the record the instance carries. The field must exist on the record type.</summary>
    public abstract void SetFieldValue(string field, string? value);

    /// <summary>Code of the event whose responses are running.</summary>
    public abstract string EventCode { get; }

    /// <summary>
    /// For record-changed events, the record's field values before the change (empty otherwise). Values of fields the
    /// change did not touch may be absent.
    /// </summary>
    public abstract IReadOnlyDictionary<string, string?> PreviousFields { get; }

    /// <summary>The user whose event started the instance (the sender of an approval request, for example).</summary>
    public abstract string? SenderUserId { get; }

    /// <summary>
    /// Restricts the record's usage (Business Central's "Add record restriction"): events that would change the record
    /// are refused until <see cref="AllowRecordUsage"/> lifts it. Changes made by workflows themselves still apply.
    /// </summary>
    public abstract void RestrictRecordUsage(string details);

    /// <summary>Lifts the restriction this instance put on the record ("Remove record restriction").</summary>
    public abstract void AllowRecordUsage();

    /// <summary>
    /// Holds the change the current event made to <paramref name="field"/>: puts the previous value back on the record and
    /// keeps the new one with the instance, to be applied or discarded later ("Revert the value of the field and save the
    /// change"). Does nothing when the field did not change. Returns true when a change was held.
    /// </summary>
    public abstract bool HoldFieldChange(string field);

    /// <summary>
    /// Applies held changes (all, or those of <paramref name="field"/>) whose field still has the value it had before the
    /// change ("Apply the new values"). Returns how many were applied.
    /// </summary>
    public abstract int ApplyHeldChanges(string? field);

    /// <summary>Drops the held changes of the instance ("Discard the new values"). Returns how many were dropped.</summary>
    public abstract int DiscardHeldChanges();

    /// <summary>
    /// Creates a notification entry for a user of the tenant (Business Central's notification entry), delivered according
    /// to the recipient's notification setup, or at once when <paramref name="sendNow"/> is true.
    /// </summary>
    /// <param name="recipientUserId">The user to notify.</param>
    /// <param name="entryType">New Record, Approval or Overdue.</param>
    /// <param name="message">What the notification says.</param>
    /// <param name="sendNow">True to send at once rather than by the recipient's schedule.</param>
    public abstract void CreateNotification(string recipientUserId, NotificationEntryType entryType, string message, bool sendNow);

    /// <summary>
    /// Raises an event for the same record once the current chain of responses has finished, as Business Central queues
    /// events raised from inside a response.
    /// </summary>
    public abstract void RaiseEvent(string eventCode);

    /// <summary>
    /// Where the record's approval stands: its unanswered approval entries and the enabled approval workflows covering
    /// it. The record is read as it is now, with the changes earlier responses of this chain made.
    /// </summary>
    public abstract Task<RecordApprovalStatus> GetApprovalStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Posts the record ("Post the document", "Post the journal batch") once the current chain of responses has finished,
    /// in the same transaction as the chain's changes to the record: the posted documents, ledger entries and the removal
    /// of the record are all kept, or none. The record type must declare <see cref="RecordTypeDefinition.DocumentPosting"/>
    /// or <see cref="RecordTypeDefinition.JournalPosting"/>; a record that cannot be posted then is left as it is and the
    /// reason is reported with the event's errors.
    /// </summary>
    public abstract void PostRecord();

    /// <summary>
    /// Schedules the record's posting on the host's durable job queue ("Post the document in the background"): the job is
    /// stored with the chain's changes, survives restarts and node loss, is retried when it fails (its error readable
    /// through the API), and posts the record once however often it runs.
    /// </summary>
    public abstract void PostRecordInBackground();

    /// <summary>
    /// The record's lines as they are now: records of the types whose <see cref="RecordTypeDefinition.ParentRecordType"/>
    /// is this record's type and whose ids start with this record's id and a <c>/</c> (a journal batch's lines).
    /// </summary>
    public abstract Task<IReadOnlyList<WorkflowRecord>> GetLinesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates another record in the background, once the current chain of responses has finished (a payment journal line
    /// for a posted invoice): the host stores <paramref name="createdEventCode"/> for the record with
    /// <paramref name="fields"/> in its outbox, in this step's transaction, and raises it after; raising it again has the
    /// effect of once. When the instance then waits for that event it continues on the new record (Business Central's
    /// related tables of a workflow), so the next step's conditions see the new record.
    /// </summary>
    /// <param name="recordType">The new record's type; the event must be of this type.</param>
    /// <param name="recordId">Its id; the same id again names the same record.</param>
    /// <param name="fields">Its field values.</param>
    /// <param name="createdEventCode">The event raised for it (e.g. "A general journal line is created.").</param>
    public abstract void CreateRecord(string recordType, string recordId, IReadOnlyDictionary<string, string?> fields, string createdEventCode);

    /// <summary>
    /// Another record of the tenant as last stored (a sales document's customer, for its credit limit), or
    /// <see langword="null"/> when the tenant has no such record or it was posted.
    /// </summary>
    public abstract Task<WorkflowRecord?> GetRecordAsync(string recordType, string recordId, CancellationToken cancellationToken);

    /// <summary>
    /// The balance of a customer's or vendor's ledger entries as posting wrote them: what a customer owes is positive,
    /// what is owed to a vendor negative (Business Central's Balance (LCY)).
    /// </summary>
    public abstract Task<decimal> GetLedgerBalanceAsync(PostingParty party, string accountNo, CancellationToken cancellationToken);
}

/// <summary>Kinds of notification entries (Business Central's Notification Entry Type).</summary>
public enum NotificationEntryType
{
    /// <summary>About a new record.</summary>
    NewRecord,
    /// <summary>About an approval.</summary>
    Approval,
    /// <summary>About an overdue approval.</summary>
    Overdue,
}
