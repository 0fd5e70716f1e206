using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Notifications;

/// <summary>A notification for a user (Business Central's Notification Entry).</summary>
public sealed record NotificationEntry(
    string EntryId, string RecipientUserId, NotificationEntryType EntryType, string RecordType, string RecordId,
    string? InstanceId, string Message, bool SendNow, string? CreatedBy, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// For an approval notification, the approval entry (of the request <see cref="InstanceId"/>) it is about: its status
    /// when the notification goes out decides the wording.
    /// </summary>
    public long? ApprovalEntryNo { get; init; }
}

/// <summary>Where an entry's delivery stands.</summary>
public enum NotificationDeliveryStatus
{
    /// <summary>Waiting for its time (its schedule, or a retry).</summary>
    Pending,

    /// <summary>Delivered.</summary>
    Sent,

    /// <summary>The last attempt failed (the reason is kept); it is tried again at the next attempt time.</summary>
    Failed,

    /// <summary>Not sent, because what it was about is gone (the approval entry was deleted with its record).</summary>
    Outdated,
}

/// <summary>How an entry's delivery went, as the notifications list shows it.</summary>
/// <param name="Status">Where it stands.</param>
/// <param name="Method">The method it goes by, once the dispatcher has read the recipient's setup.</param>
/// <param name="DueAt">When it goes out, by the recipient's schedule.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="NextAttemptAt">When it is tried next, while not sent.</param>
/// <param name="SentAt">When it was delivered.</param>
/// <param name="DeliveryId">The delivery that carries it: the same for every entry of one digest.</param>
public sealed record NotificationDeliveryState(
    NotificationDeliveryStatus Status, NotificationMethod? Method, DateTimeOffset? DueAt, int Attempts, string? LastError,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? DeliveryId);

/// <summary>An entry with its delivery, for the notifications list.</summary>
public sealed record NotificationListItem(
    string EntryId, string RecipientUserId, NotificationEntryType EntryType, string RecordType, string RecordId,
    string? InstanceId, string Message, bool SendNow, string? CreatedBy, DateTimeOffset CreatedAt, NotificationDeliveryState Delivery);

/// <summary>An entry waiting for the dispatcher to read its recipient's setup.</summary>
public sealed record UnscheduledNotification(string TenantId, string EntryId, string RecipientUserId, NotificationEntryType EntryType, bool SendNow, DateTimeOffset CreatedAt);

/// <summary>An entry whose time has come, with the status of the approval entry it is about (null when none or gone).</summary>
public sealed record DueNotification(NotificationEntry Entry, string DeliveryId, NotificationMethod Method, string? ApprovalStatus, int Attempts);

/// <summary>
/// Notification entries and their delivery. Ids are derived from what created them, so a response run again after a
/// crash creates no second entry.
/// </summary>
public sealed class NotificationStore(IStorageProvider storage, GroupCommit commits)
{
    /// <summary>Adds the entries to the writes of the turn that created them.</summary>
    public void Add(WriteBatch batch, string tenantId, IReadOnlyList<NotificationEntry> entries)
    {
        batch.AddRows("notification_entries", entries, "ON CONFLICT (tenant_id, entry_id) DO NOTHING",
            ("tenant_id", _ => tenantId), ("entry_id", e => e.EntryId), ("recipient_user_id", e => e.RecipientUserId),
            ("entry_type", e => e.EntryType.ToString()), ("record_type", e => e.RecordType), ("record_id", e => e.RecordId),
            ("instance_id", e => e.InstanceId), ("message", e => e.Message), ("send_now", e => e.SendNow ? 1 : 0),
            ("created_by", e => e.CreatedBy), ("created_at_ms", e => e.CreatedAt.ToUnixTimeMilliseconds()),
            ("approval_entry_no", e => e.ApprovalEntryNo));
    }

    public async Task<IReadOnlyList<NotificationListItem>> ListForRecipientAsync(string tenantId, string userId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ListRow>(new CommandDefinition(
            $"""
            SELECT {EntryColumns}, delivery_status AS DeliveryStatus, delivery_method AS DeliveryMethod, due_at_ms AS DueAt, attempts AS Attempts,
                   last_error AS LastError, next_attempt_ms AS NextAttempt, sent_at_ms AS SentAt, delivery_id AS DeliveryId
            FROM notification_entries n WHERE tenant_id = @TenantId AND recipient_user_id = @UserId
            ORDER BY created_at_ms DESC, entry_id LIMIT @Take OFFSET @Skip
            """, new { TenantId = tenantId, UserId = userId, Skip = skip, Take = take }, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var e = r.ToEntry();
            var sent = r.DeliveryStatus == nameof(NotificationDeliveryStatus.Sent);
            return new NotificationListItem(e.EntryId, e.RecipientUserId, e.EntryType, e.RecordType, e.RecordId, e.InstanceId, e.Message, e.SendNow, e.CreatedBy, e.CreatedAt,
                new NotificationDeliveryState(Enum.Parse<NotificationDeliveryStatus>(r.DeliveryStatus), r.DeliveryMethod is null ? null : Enum.Parse<NotificationMethod>(r.DeliveryMethod),
                    Time(r.DueAt), (int)r.Attempts, r.LastError, sent ? null : Time(r.NextAttempt), Time(r.SentAt), r.DeliveryId));
        }).ToList();
    }

    /// <summary>Entries no dispatcher has scheduled yet, oldest first.</summary>
    public async Task<IReadOnlyList<UnscheduledNotification>> ListUnscheduledAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TenantId, string EntryId, string Recipient, string EntryType, long SendNow, long CreatedAt)>(new CommandDefinition(
            """
            SELECT tenant_id, entry_id, recipient_user_id, entry_type, send_now, created_at_ms FROM notification_entries
            WHERE due_at_ms IS NULL ORDER BY created_at_ms LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new UnscheduledNotification(r.TenantId, r.EntryId, r.Recipient, Enum.Parse<NotificationEntryType>(r.EntryType), r.SendNow != 0,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }

    /// <summary>
    /// Fixes when and how each entry goes out, and the delivery that carries it. Only entries still unscheduled are
    /// touched, so two nodes scheduling the same entry agree on the first one's decision.
    /// </summary>
    public Task ScheduleAsync(IReadOnlyList<(UnscheduledNotification Entry, DateTimeOffset DueAt, NotificationMethod Method, string DeliveryId)> scheduled, CancellationToken cancellationToken)
    {
        if (scheduled.Count == 0)
            return Task.CompletedTask;
        var batch = new WriteBatch().Add(
            """
            UPDATE notification_entries SET due_at_ms = @DueAt, next_attempt_ms = @DueAt, delivery_method = @Method, delivery_id = @DeliveryId
            WHERE tenant_id = @TenantId AND entry_id = @EntryId AND due_at_ms IS NULL
            """,
            scheduled.Select(s => new
            {
                s.Entry.TenantId, s.Entry.EntryId, DueAt = s.DueAt.ToUnixTimeMilliseconds(), Method = s.Method.ToString(), s.DeliveryId,
            }).ToList());
        return commits.CommitAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Recipients with entries whose time has come, or which failed for want of a channel that <paramref name="methods"/>
    /// (the calling node's) now has.
    /// </summary>
    public async Task<IReadOnlyList<(string TenantId, string RecipientUserId)>> ListDueRecipientsAsync(
        DateTimeOffset now, IReadOnlyList<NotificationMethod> methods, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            $"""
            SELECT DISTINCT tenant_id, recipient_user_id FROM notification_entries n
            WHERE {DueCondition(methods)} ORDER BY tenant_id, recipient_user_id LIMIT @Limit
            """, new { Now = now.ToUnixTimeMilliseconds(), Limit = limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>The recipient's entries whose time has come, with the approval status each is worded by.</summary>
    public async Task<IReadOnlyList<DueNotification>> ListDueAsync(
        string tenantId, string recipientUserId, DateTimeOffset now, IReadOnlyList<NotificationMethod> methods, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueRow>(new CommandDefinition(
            $"""
            SELECT {EntryColumns},
                   n.delivery_id AS DeliveryId, n.delivery_method AS DeliveryMethod, a.status AS ApprovalStatus, n.attempts AS Attempts
            FROM notification_entries n
            LEFT JOIN approval_entries a ON a.tenant_id = n.tenant_id AND a.request_id = n.instance_id AND a.entry_no = n.approval_entry_no
            WHERE n.tenant_id = @TenantId AND n.recipient_user_id = @Recipient AND {DueCondition(methods)}
            ORDER BY n.created_at_ms, n.entry_id
            """, new { TenantId = tenantId, Recipient = recipientUserId, Now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return rows.Select(r => new DueNotification(r.ToEntry(), r.DeliveryId!, Enum.Parse<NotificationMethod>(r.DeliveryMethod!), r.ApprovalStatus, (int)r.Attempts)).ToList();
    }

    /// <summary>
    /// Takes the right to deliver the recipient's entries until <paramref name="until"/>, unless another node holds it:
    /// a row per recipient whose lease is taken over only once it has run out, so a node that died holding it stops
    /// nobody for longer than the lease.
    /// </summary>
    public async Task<bool> TryLeaseAsync(string tenantId, string recipientUserId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await storage.BeginWriteTransactionAsync(connection, cancellationToken);
        var taken = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notification_dispatch_leases (tenant_id, recipient_user_id, lease_owner, lease_until_ms) VALUES (@TenantId, @Recipient, @Owner, @Until)
            ON CONFLICT (tenant_id, recipient_user_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until_ms = excluded.lease_until_ms
            WHERE notification_dispatch_leases.lease_until_ms <= @Now
            """,
            new { TenantId = tenantId, Recipient = recipientUserId, Owner = owner, Until = until.ToUnixTimeMilliseconds(), Now = now.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return taken == 1;
    }

    /// <summary>Gives the lease back, so the next node need not wait for it to run out.</summary>
    public async Task ReleaseLeaseAsync(string tenantId, string recipientUserId, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notification_dispatch_leases SET lease_until_ms = 0 WHERE tenant_id = @TenantId AND recipient_user_id = @Recipient AND lease_owner = @Owner",
            new { TenantId = tenantId, Recipient = recipientUserId, Owner = owner }, cancellationToken: cancellationToken));
    }

    /// <summary>Records the entries as delivered, with the text they were delivered with.</summary>
    public Task MarkSentAsync(string tenantId, IReadOnlyList<string> entryIds, string content, DateTimeOffset now, CancellationToken cancellationToken) =>
        commits.CommitAsync(new WriteBatch().Add(
            """
            UPDATE notification_entries SET delivery_status = 'Sent', sent_at_ms = @Now, sent_content = @Content, last_error = NULL
            WHERE tenant_id = @TenantId AND entry_id = @EntryId
            """,
            entryIds.Select(id => new { TenantId = tenantId, EntryId = id, Now = now.ToUnixTimeMilliseconds(), Content = content }).ToList()), cancellationToken);

    /// <summary>
    /// Records a failed attempt with its reason and when to try again; no next attempt (<paramref name="nextAttempt"/>
    /// null) for a method this server has no channel for: a server that has one takes the entries.
    /// </summary>
    public Task MarkFailedAsync(string tenantId, IReadOnlyList<string> entryIds, string reason, DateTimeOffset? nextAttempt, CancellationToken cancellationToken) =>
        commits.CommitAsync(new WriteBatch().Add(
            """
            UPDATE notification_entries SET delivery_status = 'Failed', attempts = attempts + 1, last_error = @Reason, next_attempt_ms = @Next
            WHERE tenant_id = @TenantId AND entry_id = @EntryId
            """,
            entryIds.Select(id => new { TenantId = tenantId, EntryId = id, Reason = Truncate(reason, 2048), Next = nextAttempt?.ToUnixTimeMilliseconds() }).ToList()), cancellationToken);

    /// <summary>Records entries that will not be sent because what they were about is gone.</summary>
    public Task MarkOutdatedAsync(string tenantId, IReadOnlyList<string> entryIds, string reason, CancellationToken cancellationToken) =>
        commits.CommitAsync(new WriteBatch().Add(
            "UPDATE notification_entries SET delivery_status = 'Outdated', last_error = @Reason WHERE tenant_id = @TenantId AND entry_id = @EntryId",
            entryIds.Select(id => new { TenantId = tenantId, EntryId = id, Reason = reason }).ToList()), cancellationToken);

    // Business Central's Error Message field is Text[2048].
    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    // Due by time, or failed for want of a channel (no next attempt) that the asking node has. An entry not yet
    // scheduled has no method, so it is never taken this way. The methods are the enum's names, written into the SQL:
    // Dapper expands a list parameter for SQLite but passes an array to Npgsql, so no one parameter form suits both.
    private static string DueCondition(IEnumerable<NotificationMethod> methods) =>
        "n.delivery_status IN ('Pending', 'Failed') AND (n.next_attempt_ms <= @Now OR (n.next_attempt_ms IS NULL AND n.delivery_method IN ("
        + string.Join(", ", methods.Select(m => $"'{m}'").DefaultIfEmpty("''")) + ")))";

    private const string EntryColumns =
        """
        n.entry_id AS EntryId, n.recipient_user_id AS RecipientUserId, n.entry_type AS EntryType, n.record_type AS RecordType, n.record_id AS RecordId,
        n.instance_id AS InstanceId, n.message AS Message, n.send_now AS SendNow, n.created_by AS CreatedBy, n.created_at_ms AS CreatedAt, n.approval_entry_no AS ApprovalEntryNo
        """;

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    private class EntryRow
    {
        public string EntryId { get; set; } = "";
        public string RecipientUserId { get; set; } = "";
        public string EntryType { get; set; } = "";
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string? InstanceId { get; set; }
        public string Message { get; set; } = "";
        public long SendNow { get; set; }
        public string? CreatedBy { get; set; }
        public long CreatedAt { get; set; }
        public long? ApprovalEntryNo { get; set; }

        public NotificationEntry ToEntry() => new(EntryId, RecipientUserId, Enum.Parse<NotificationEntryType>(EntryType), RecordType, RecordId, InstanceId,
            Message, SendNow != 0, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt)) { ApprovalEntryNo = ApprovalEntryNo };
    }

    private sealed class ListRow : EntryRow
    {
        public string DeliveryStatus { get; set; } = "";
        public string? DeliveryMethod { get; set; }
        public long? DueAt { get; set; }
        public long Attempts { get; set; }
        public string? LastError { get; set; }
        public long? NextAttempt { get; set; }
        public long? SentAt { get; set; }
        public string? DeliveryId { get; set; }
    }

    private sealed class DueRow : EntryRow
    {
        public string? DeliveryId { get; set; }
        public string? DeliveryMethod { get; set; }
        public string? ApprovalStatus { get; set; }
        public long Attempts { get; set; }
    }
}
