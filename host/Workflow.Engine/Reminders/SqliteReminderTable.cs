using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Reminders;

/// <summary>
/// Orleans' reminder table on the engine's SQLite database (table <c>orleans_reminders</c>, schema migration 6). Orleans
/// ships reminder providers for PostgreSQL and other servers but none for SQLite, and in-memory reminders would lose
/// approval deadlines on a restart. The semantics follow Orleans' ADO.NET table: rows are scoped by
/// <see cref="ClusterOptions.ServiceId"/>, the ETag is an integer version that every upsert bumps, a removal with a stale
/// ETag removes nothing, and ring ranges of grain hashes wrap when <c>begin &gt;= end</c>.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite runs every command synchronously, also behind its async methods. The reminder service calls this
/// table from Orleans' scheduler, where a blocked thread would hold up grain turns (a write may wait up to the 30 s busy
/// timeout behind the engine's group commit), so each operation runs on the thread pool.
/// </remarks>
public sealed class SqliteReminderTable(IStorageProvider storage, IOptions<ClusterOptions> clusterOptions) : IReminderTable
{
    private readonly string _serviceId = clusterOptions.Value.ServiceId
        ?? throw new InvalidOperationException("ClusterOptions.ServiceId must be set: it scopes the reminder rows.");

    private const string Columns = "grain_id AS GrainId, reminder_name AS ReminderName, start_at_ms AS StartAtMs, period_ticks AS PeriodTicks, version AS Version";

    /// <summary>Makes sure migration 6 has run: Orleans may start reminders before the engine's host has migrated.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (storage.Name != "sqlite")
            throw new InvalidOperationException(
                $"SqliteReminderTable works on the SQLite storage provider, not on '{storage.Name}'; on PostgreSQL use Orleans' UseAdoNetReminderService.");
        return Task.Run(() => storage.MigrateAsync(cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId",
            new { ServiceId = _serviceId, GrainId = grainId.ToString() },
            cancellationToken);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        QueryAsync(
            begin < end
                ? $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_hash > @Begin AND grain_hash <= @End"
                // The range wraps past the top of the ring; begin == end is the whole ring.
                : $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @ServiceId AND (grain_hash > @Begin OR grain_hash <= @End)",
            new { ServiceId = _serviceId, Begin = (long)begin, End = (long)end },
            cancellationToken);

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName",
            new { ServiceId = _serviceId, GrainId = grainId.ToString(), ReminderName = reminderName },
            cancellationToken);
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = new
        {
            ServiceId = _serviceId,
            GrainId = entry.GrainId.ToString(),
            entry.ReminderName,
            GrainHash = (long)entry.GrainId.GetUniformHashCode(),
            StartAtMs = ToUnixMilliseconds(entry.StartAt),
            PeriodTicks = entry.Period.Ticks,
        };
        return Task.Run(async () =>
        {
            await using var connection = await storage.OpenConnectionAsync(cancellationToken);
            // One statement, so the version bump needs no transaction of its own.
            var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_at_ms, period_ticks, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartAtMs, @PeriodTicks, 1)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                    grain_hash = excluded.grain_hash,
                    start_at_ms = excluded.start_at_ms,
                    period_ticks = excluded.period_ticks,
                    version = orleans_reminders.version + 1
                RETURNING version
                """, row, cancellationToken: cancellationToken));
            return (string?)ToETag(version);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        // An ETag this table never handed out cannot match a row.
        if (!long.TryParse(eTag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            return Task.FromResult(false);
        var key = new { ServiceId = _serviceId, GrainId = grainId.ToString(), ReminderName = reminderName, Version = version };
        return Task.Run(async () =>
        {
            await using var connection = await storage.OpenConnectionAsync(cancellationToken);
            var removed = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version",
                key, cancellationToken: cancellationToken));
            return removed > 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc />
    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            await using var connection = await storage.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM orleans_reminders WHERE service_id = @ServiceId", new { ServiceId = _serviceId }, cancellationToken: cancellationToken));
        }, cancellationToken);

    private Task<ReminderTableData> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            await using DbConnection connection = await storage.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
            return new ReminderTableData(rows.Select(ToEntry));
        }, cancellationToken);

    private static ReminderEntry ToEntry(Row row) => new()
    {
        GrainId = GrainId.Parse(row.GrainId),
        ReminderName = row.ReminderName,
        StartAt = DateTimeOffset.FromUnixTimeMilliseconds(row.StartAtMs).UtcDateTime,
        Period = TimeSpan.FromTicks(row.PeriodTicks),
        ETag = ToETag(row.Version),
    };

    // Orleans passes UTC. An Unspecified time is taken as UTC rather than as local time; a Local one is converted.
    private static long ToUnixMilliseconds(DateTime time) =>
        new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime())
            .ToUnixTimeMilliseconds();

    private static string ToETag(long version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Row(string GrainId, string ReminderName, long StartAtMs, long PeriodTicks, long Version);
}
