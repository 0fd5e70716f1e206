using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Notifications;

/// <summary>A notification for a user (Business Central's Notification Entry).</summary>
public sealed record NotificationEntry(
    string EntryId, string RecipientUserId, NotificationEntryType EntryType, string RecordType, string RecordId,
    string? InstanceId, string Message, bool SendNow, string? CreatedBy, DateTimeOffset CreatedAt);

/// <summary>
/// Notification entries. Ids are derived from what created them, so a response run again after a crash creates no
/// second entry.
/// </summary>
public sealed class NotificationStore(IStorageProvider storage)
{
    /// <summary>Adds the entries to the writes of the turn that created them.</summary>
    public void Add(WriteBatch batch, string tenantId, IReadOnlyList<NotificationEntry> entries)
    {
        batch.AddRows("notification_entries", entries, "ON CONFLICT (tenant_id, entry_id) DO NOTHING",
            ("tenant_id", _ => tenantId), ("entry_id", e => e.EntryId), ("recipient_user_id", e => e.RecipientUserId),
            ("entry_type", e => e.EntryType.ToString()), ("record_type", e => e.RecordType), ("record_id", e => e.RecordId),
            ("instance_id", e => e.InstanceId), ("message", e => e.Message), ("send_now", e => e.SendNow ? 1 : 0),
            ("created_by", e => e.CreatedBy), ("created_at_ms", e => e.CreatedAt.ToUnixTimeMilliseconds()));
    }

    public async Task<IReadOnlyList<NotificationEntry>> ListForRecipientAsync(string tenantId, string userId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string EntryId, string RecipientUserId, string EntryType, string RecordType, string RecordId, string? InstanceId, string Message, long SendNow, string? CreatedBy, long CreatedAt)>(
            new CommandDefinition(
                """
                SELECT entry_id, recipient_user_id, entry_type, record_type, record_id, instance_id, message, send_now, created_by, created_at_ms
                FROM notification_entries WHERE tenant_id = @TenantId AND recipient_user_id = @UserId
                ORDER BY created_at_ms DESC, entry_id LIMIT @Take OFFSET @Skip
                """, new { TenantId = tenantId, UserId = userId, Skip = skip, Take = take }, cancellationToken: cancellationToken));
        return rows.Select(r => new NotificationEntry(r.EntryId, r.RecipientUserId, Enum.Parse<NotificationEntryType>(r.EntryType), r.RecordType, r.RecordId,
            r.InstanceId, r.Message, r.SendNow != 0, r.CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }
}
