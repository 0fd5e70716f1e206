using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Notifications;

/// <summary>A note for the recipient about a record, as Business Central's Note method leaves one on the record.</summary>
public sealed record NotificationNote(string EntryId, string RecordType, string RecordId, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// Delivers notifications as notes the recipient reads in their notes list (Business Central's Note method: a record
/// link of type Note on the record, for the recipient): one note per entry, keyed by the entry, so delivering again
/// adds nothing.
/// </summary>
public sealed class NoteChannel(IStorageProvider storage, GroupCommit commits, TimeProvider clock) : INotificationChannel
{
    /// <inheritdoc />
    public NotificationMethod Method => NotificationMethod.Note;

    /// <inheritdoc />
    public Task DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Business Central adds one note per entry, a digest too; each note reads as its entry alone would.
        var batch = new WriteBatch().AddRows("notification_notes", delivery.Entries, "ON CONFLICT (tenant_id, entry_id) DO NOTHING",
            ("tenant_id", _ => delivery.TenantId), ("recipient_user_id", _ => delivery.RecipientUserId), ("entry_id", e => e.EntryId),
            ("record_type", e => e.RecordType), ("record_id", e => e.RecordId),
            ("text", e => delivery.Entries.Count == 1 ? delivery.Body : e.Message), ("created_at_ms", _ => now));
        return commits.CommitAsync(batch, cancellationToken);
    }

    /// <summary>The recipient's notes, newest first.</summary>
    public async Task<IReadOnlyList<NotificationNote>> ListAsync(string tenantId, string userId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string EntryId, string RecordType, string RecordId, string Text, long CreatedAt)>(new CommandDefinition(
            """
            SELECT entry_id, record_type, record_id, text, created_at_ms FROM notification_notes
            WHERE tenant_id = @TenantId AND recipient_user_id = @UserId ORDER BY created_at_ms DESC, entry_id LIMIT @Take OFFSET @Skip
            """, new { TenantId = tenantId, UserId = userId, Skip = skip, Take = take }, cancellationToken: cancellationToken));
        return rows.Select(r => new NotificationNote(r.EntryId, r.RecordType, r.RecordId, r.Text, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }
}
