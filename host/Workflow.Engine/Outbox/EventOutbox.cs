using System.Text.Json;
using Dapper;
using Workflow.Engine.Metrics;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Outbox;

/// <summary>An event a grain decided to raise, stored until it has been raised.</summary>
[GenerateSerializer, Immutable, Alias("wf.OutboxEvent")]
public sealed record OutboxEvent(
    string EventId, string EventCode, string RecordType, string RecordId, string? UserId,
    IReadOnlyDictionary<string, string?> EventData);

/// <summary>An outbox event the engine refused: it is raised no more, and kept for administrators with the reason.</summary>
public sealed record RefusedOutboxEvent(
    string EventId, string EventCode, string RecordType, string RecordId, string? UserId, IReadOnlyDictionary<string, string?> EventData,
    DateTimeOffset CreatedAt, int Attempts, DateTimeOffset RefusedAt, string Reason);

/// <summary>
/// Events grains raise for records other than by calling them: a grain must not call the record grain from inside its
/// own turn (the record's workflows may call back into it, and turns do not interleave), so it stores the event here in
/// its turn and the <see cref="EventOutboxRelay"/> raises it after. Stored means it will be raised, after a crash too;
/// the event id makes raising it twice have one effect.
/// </summary>
public sealed class EventOutbox(IStorageProvider storage, GroupCommit commits, TimeProvider clock)
{
    /// <summary>
    /// Adds the events to the writes of the turn that decided them; with <paramref name="notBefore"/>, the relay leaves
    /// them alone until then (a safety net for work the caller is still doing).
    /// </summary>
    public void Add(WriteBatch batch, string tenantId, IReadOnlyList<OutboxEvent> events, TimeSpan? notBefore = null)
    {
        if (events.Count == 0)
            return;
        var now = clock.GetUtcNow();
        batch.Add(
            """
            INSERT INTO event_outbox (tenant_id, event_id, event_code, record_type, record_id, user_id, event_data_json, created_at_ms, attempts, next_attempt_ms)
            VALUES (@TenantId, @EventId, @EventCode, @RecordType, @RecordId, @UserId, @EventData, @Now, 0, @NextAttempt)
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            """,
            events.Select(e => new
            {
                TenantId = tenantId, e.EventId, e.EventCode, e.RecordType, e.RecordId, e.UserId, EventData = JsonSerializer.Serialize(e.EventData),
                Now = now.ToUnixTimeMilliseconds(), NextAttempt = (now + (notBefore ?? TimeSpan.Zero)).ToUnixTimeMilliseconds(),
            }).ToList());
    }

    /// <summary>Forgets an event in the writes of the turn that did it.</summary>
    public static void Remove(WriteBatch batch, string tenantId, string eventId) =>
        batch.Add("DELETE FROM event_outbox WHERE tenant_id = @TenantId AND event_id = @EventId", new { TenantId = tenantId, EventId = eventId });

    public async Task<IReadOnlyList<(string TenantId, OutboxEvent Event)>> ReadDueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = (await connection.QueryAsync<(string TenantId, string EventId, string EventCode, string RecordType, string RecordId, string? UserId, string EventData, long CreatedAtMs)>(
            new CommandDefinition(
                """
                SELECT tenant_id, event_id, event_code, record_type, record_id, user_id, event_data_json, created_at_ms FROM event_outbox
                WHERE next_attempt_ms <= @Now AND refused_at_ms IS NULL ORDER BY created_at_ms, event_id LIMIT @Limit
                """,
                new { Now = now, Limit = limit}, cancellationToken: cancellationToken))).ToList();
        // Oldest first: the first row's age is how far the relay is behind.
        EngineMetrics.OutboxLag(TimeSpan.FromMilliseconds(rows.Count == 0 ? 0 : now - rows[0].CreatedAtMs));
        return rows
            .Select(r => (r.TenantId, new OutboxEvent(r.EventId, r.EventCode, r.RecordType, r.RecordId, r.UserId,
                JsonSerializer.Deserialize<Dictionary<string, string?>>(r.EventData) ?? [])))
            .ToList();
    }

    /// <summary>Forgets an event that has been raised; the delete shares a group commit with other writes waiting.</summary>
    public Task RemoveAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        var batch = new WriteBatch();
        Remove(batch, tenantId, eventId);
        return commits.CommitAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Takes a refused event out of the relay's way for good, keeping it with its reason: the same event would be
    /// refused the same way every time, and retrying it for ever hides it. It moves past every due time, so the due
    /// index never reads it again.
    /// </summary>
    public async Task RefuseAsync(string tenantId, string eventId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_outbox SET attempts = attempts + 1, refused_at_ms = @Now, refusal = @Reason, next_attempt_ms = @Never
            WHERE tenant_id = @TenantId AND event_id = @EventId
            """,
            new { TenantId = tenantId, EventId = eventId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), Reason = reason, Never = long.MaxValue },
            cancellationToken: cancellationToken));
    }

    /// <summary>One refused event of the tenant, or null when there is none with that id (or it was not refused).</summary>
    public async Task<OutboxEvent?> GetRefusedAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string EventId, string EventCode, string RecordType, string RecordId, string? UserId, string EventData)?>(
            new CommandDefinition(
                """
                SELECT event_id, event_code, record_type, record_id, user_id, event_data_json FROM event_outbox
                WHERE tenant_id = @TenantId AND event_id = @EventId AND refused_at_ms IS NOT NULL
                """,
                new { TenantId = tenantId, EventId = eventId }, cancellationToken: cancellationToken));
        return row is { } r
            ? new OutboxEvent(r.EventId, r.EventCode, r.RecordType, r.RecordId, r.UserId, JsonSerializer.Deserialize<Dictionary<string, string?>>(r.EventData) ?? [])
            : null;
    }

    /// <summary>Forgets a refused event an administrator dismissed; false when the tenant has no refused event with that id.</summary>
    public async Task<bool> DismissRefusedAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM event_outbox WHERE tenant_id = @TenantId AND event_id = @EventId AND refused_at_ms IS NOT NULL",
            new { TenantId = tenantId, EventId = eventId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The tenant's refused events, the latest refusal first.</summary>
    public async Task<IReadOnlyList<RefusedOutboxEvent>> ListRefusedAsync(string tenantId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string EventId, string EventCode, string RecordType, string RecordId, string? UserId, string EventData, long CreatedAt, long Attempts, long RefusedAt, string Refusal)>(
            new CommandDefinition(
                """
                SELECT event_id, event_code, record_type, record_id, user_id, event_data_json, created_at_ms, attempts, refused_at_ms, refusal FROM event_outbox
                WHERE tenant_id = @TenantId AND refused_at_ms IS NOT NULL ORDER BY refused_at_ms DESC, event_id LIMIT @Take OFFSET @Skip
                """,
                new { TenantId = tenantId, Skip = skip, Take = take }, cancellationToken: cancellationToken));
        return rows.Select(r => new RefusedOutboxEvent(r.EventId, r.EventCode, r.RecordType, r.RecordId, r.UserId,
                JsonSerializer.Deserialize<Dictionary<string, string?>>(r.EventData) ?? [],
                DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), (int)r.Attempts, DateTimeOffset.FromUnixTimeMilliseconds(r.RefusedAt), r.Refusal))
            .ToList();
    }

    public async Task DeferAsync(string tenantId, string eventId, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE event_outbox SET attempts = attempts + 1, next_attempt_ms = @Next WHERE tenant_id = @TenantId AND event_id = @EventId",
            new { TenantId = tenantId, EventId = eventId, Next = (clock.GetUtcNow() + delay).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
