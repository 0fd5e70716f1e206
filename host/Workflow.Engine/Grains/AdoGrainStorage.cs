using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// Grain state in the <c>grain_state</c> table, following Orleans' ADO.NET provider: an update guarded by the version,
/// and a first write that inserts only if no row exists. The same SQL runs on SQLite and PostgreSQL. Writes go through
/// <see cref="GroupCommit"/>, with whatever the grain writes alongside its state.
/// </summary>
public sealed class AdoGrainStorage(IStorageProvider storage, GroupCommit commits, TimeProvider clock) : IGrainStorage
{
    public async Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        // Versions start at 1, so a default row (version 0) means nothing is stored.
        var row = await connection.QuerySingleOrDefaultAsync<(string? Payload, long Version)>(new CommandDefinition(
            "SELECT payload, version FROM grain_state WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key",
            Parameters(grainId), cancellationToken: cancellationToken));
        return row.Version == 0 ? null : new StoredGrainState(row.Payload, row.Version);
    }

    public Task<long> WriteAsync(GrainId grainId, string payload, long? expectedVersion, WriteBatch? alongside, CancellationToken cancellationToken) =>
        StoreAsync(grainId, payload, expectedVersion, alongside, cancellationToken);

    public Task<long> ClearAsync(GrainId grainId, long? expectedVersion, WriteBatch? alongside, CancellationToken cancellationToken) =>
        StoreAsync(grainId, null, expectedVersion, alongside, cancellationToken);

    private async Task<long> StoreAsync(GrainId grainId, string? payload, long? expectedVersion, WriteBatch? alongside, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            grainId.TenantId, grainId.GrainType, grainId.Key, Payload = payload,
            ModifiedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(), ExpectedVersion = expectedVersion ?? 0,
        };

        // The guarded state write goes first: a conflict fails the batch before its other statements run.
        var batch = new WriteBatch()
            .Add(expectedVersion is null
                    ? """
                      INSERT INTO grain_state (tenant_id, grain_type, grain_key, payload, version, modified_at_ms)
                      VALUES (@TenantId, @GrainType, @Key, @Payload, 1, @ModifiedAt)
                      ON CONFLICT (tenant_id, grain_type, grain_key) DO NOTHING
                      """
                    : """
                      UPDATE grain_state SET payload = @Payload, version = version + 1, modified_at_ms = @ModifiedAt
                      WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND version = @ExpectedVersion
                      """,
                parameters,
                changed => changed == 1 ? null : new InconsistentStateException(grainId, expectedVersion))
            .Add(alongside);
        await commits.CommitAsync(batch, cancellationToken);
        return (expectedVersion ?? 0) + 1;
    }

    private static DynamicParameters Parameters(GrainId grainId) =>
        new(new { grainId.TenantId, grainId.GrainType, grainId.Key });
}
