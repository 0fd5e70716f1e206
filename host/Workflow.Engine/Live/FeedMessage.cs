using System.Globalization;

namespace Workflow.Engine.Live;

/// <summary>The kinds of message a user's feed holds (the hub contract's <c>type</c>).</summary>
public static class FeedMessageType
{
    /// <summary>A new approval entry for the user to act on (opened for them, or delegated to them).</summary>
    public const string ApprovalEntryCreated = nameof(ApprovalEntryCreated);

    /// <summary>An entry the user sent or must act on changed: its status, or Delegated, or Overdue.</summary>
    public const string ApprovalEntryChanged = nameof(ApprovalEntryChanged);

    /// <summary>A record the user sent for approval changed status (to Released, to Open...).</summary>
    public const string RecordStatusChanged = nameof(RecordStatusChanged);

    /// <summary>A notification delivered by live push.</summary>
    public const string Notification = nameof(Notification);

    /// <summary>
    /// Not stored: the first answer to a client asking for messages the feed no longer keeps (older than its retention).
    /// Its sequence is the last one removed; the client must load its lists again from the API, then go on from there.
    /// </summary>
    public const string ReloadRequired = nameof(ReloadRequired);
}

/// <summary>
/// One message of a user's live feed. <see cref="Sequence"/> is 0 until the user's feed grain numbers it; from then on it
/// is the message's place in the feed, per user, increasing, and what a client that reconnects asks after.
/// </summary>
/// <param name="MessageId">Derived from what caused the message, so the same turn run again adds no second one.</param>
[GenerateSerializer, Immutable, Alias("wf.FeedMessage")]
public sealed record FeedMessage(
    long Sequence,
    string MessageId,
    string Type,
    DateTimeOffset OccurredAt,
    string TenantId,
    string UserId,
    string RecordType,
    string RecordId,
    string? RequestId,
    int? EntryNo,
    string? Status,
    string? ApproverId,
    string? SenderId,
    string? InstanceId,
    string? WorkflowCode,
    string Title,
    string Text)
{
    /// <summary>
    /// The id of a message caused by <paramref name="cause"/> at <paramref name="causedAt"/>, both taken from stored state
    /// so that the same turn run again derives the same id. It leads with the time: a user's new messages then land at the
    /// end of the feed's key index, a few pages per commit, where a leading random instance id gave each its own page.
    /// </summary>
    public static string IdOf(DateTimeOffset causedAt, string cause) =>
        string.Create(CultureInfo.InvariantCulture, $"{causedAt.ToUnixTimeMilliseconds():D13}:{cause}");
}

/// <summary>A step an instance took, for the administrators watching its workflow, its record or its tenant.</summary>
[GenerateSerializer, Immutable, Alias("wf.InstanceProgress")]
public sealed record InstanceProgress(
    string TenantId,
    string InstanceId,
    string WorkflowCode,
    string RecordType,
    string RecordId,
    string Status,
    int? StepId,
    string? FunctionCode,
    DateTimeOffset OccurredAt);
