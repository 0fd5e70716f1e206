using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// Durable one-shot reminders in the <c>grain_reminders</c> table. A node takes a due reminder with a lease (a guarded
/// update, so two nodes never deliver the same one at once) and deletes it after delivery unless it was registered again
/// meanwhile (its version moved).
/// </summary>
public sealed class ReminderTable(IStorageProvider storage)
{
    public async Task RegisterAsync(GrainId grainId, string reminderName, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO grain_reminders (tenant_id, grain_type, grain_key, reminder_name, due_at_ms, version, lease_owner, lease_until_ms)
            VALUES (@TenantId, @GrainType, @Key, @Name, @DueAt, 1, NULL, NULL)
            ON CONFLICT (tenant_id, grain_type, grain_key, reminder_name)
            DO UPDATE SET due_at_ms = excluded.due_at_ms, version = grain_reminders.version + 1, lease_owner = NULL, lease_until_ms = NULL
            """,
            new { grainId.TenantId, grainId.GrainType, grainId.Key, Name = reminderName, DueAt = dueAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    public async Task UnregisterAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM grain_reminders WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND reminder_name = @Name",
            new { grainId.TenantId, grainId.GrainType, grainId.Key, Name = reminderName }, cancellationToken: cancellationToken));
    }

    /// <summary>The reminders a grain has registered, for inspection.</summary>
    public async Task<IReadOnlyList<DueReminder>> ListAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            $"{SelectRows} WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key ORDER BY reminder_name",
            new { grainId.TenantId, grainId.GrainType, grainId.Key }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDueReminder()).ToList();
    }

    /// <summary>Reminders due at <paramref name="now"/> that no node holds a live lease on.</summary>
    public async Task<IReadOnlyList<DueReminder>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            $"""
            {SelectRows}
            WHERE due_at_ms <= @Now AND (lease_until_ms IS NULL OR lease_until_ms < @Now)
            ORDER BY due_at_ms
            LIMIT @Limit
            """,
            new { Now = now.ToUnixTimeMilliseconds(), Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDueReminder()).ToList();
    }

    /// <summary>Takes a due reminder for <paramref name="leaseUntil"/>; false when another node took it or it changed.</summary>
    public async Task<bool> TryLeaseAsync(DueReminder reminder, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE grain_reminders SET lease_owner = @Owner, lease_until_ms = @LeaseUntil
            WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND reminder_name = @Name
              AND version = @Version AND (lease_until_ms IS NULL OR lease_until_ms < @Now)
            """,
            KeyOf(reminder, new { Owner = owner, LeaseUntil = leaseUntil.ToUnixTimeMilliseconds(), Now = now.ToUnixTimeMilliseconds() }),
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>Removes a delivered reminder, unless the grain registered it again during delivery.</summary>
    public async Task CompleteAsync(DueReminder reminder, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM grain_reminders
            WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND reminder_name = @Name AND version = @Version
            """, KeyOf(reminder), cancellationToken: cancellationToken));
    }

    /// <summary>Keeps a reminder whose delivery failed, to be tried again at <paramref name="retryAt"/>.</summary>
    public async Task DeferAsync(DueReminder reminder, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE grain_reminders SET lease_owner = NULL, lease_until_ms = @RetryAt
            WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND reminder_name = @Name AND version = @Version
            """, KeyOf(reminder, new { RetryAt = retryAt.ToUnixTimeMilliseconds() }), cancellationToken: cancellationToken));
    }

    private const string SelectRows =
        "SELECT tenant_id AS TenantId, grain_type AS GrainType, grain_key AS GrainKey, reminder_name AS ReminderName, due_at_ms AS DueAtMs, version AS Version FROM grain_reminders";

    private static DynamicParameters KeyOf(DueReminder reminder, object? extra = null)
    {
        var parameters = new DynamicParameters(new
        {
            reminder.GrainId.TenantId, reminder.GrainId.GrainType, reminder.GrainId.Key, Name = reminder.Name, reminder.Version,
        });
        if (extra is not null)
            parameters.AddDynamicParams(extra);
        return parameters;
    }

    private sealed class ReminderRow
    {
        public string TenantId { get; set; } = "";
        public string GrainType { get; set; } = "";
        public string GrainKey { get; set; } = "";
        public string ReminderName { get; set; } = "";
        public long DueAtMs { get; set; }
        public long Version { get; set; }

        public DueReminder ToDueReminder() =>
            new(new GrainId(TenantId, GrainType, GrainKey), ReminderName, DateTimeOffset.FromUnixTimeMilliseconds(DueAtMs), Version);
    }
}

/// <summary>A stored reminder: whose, which, when, and the version that guards its lease and removal.</summary>
public sealed record DueReminder(GrainId GrainId, string Name, DateTimeOffset DueAt, long Version);
