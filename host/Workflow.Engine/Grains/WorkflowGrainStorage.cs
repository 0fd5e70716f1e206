using System.Globalization;
using System.Text.Json;
using Dapper;
using Orleans.Runtime;
using Orleans.Storage;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// Orleans grain storage over the <c>grain_state</c> table, on SQLite and PostgreSQL alike. Like Orleans' ADO.NET provider
/// the ETag is the row's version: the first write inserts only if no row exists, later ones update only the version they
/// read, and anything else is an <see cref="InconsistentStateException"/> with nothing written. Unlike it, a write goes
/// through <see cref="GroupCommit"/> together with the side rows the grain's turn produced
/// (<see cref="StateWithSideRows.SideRows"/>): one transaction for the turn, shared with other turns waiting, and no
/// acknowledgement before it is durable.
/// </summary>
public sealed class WorkflowGrainStorage(IStorageProvider storage, GroupCommit commits, TimeProvider clock) : IGrainStorage
{
    /// <summary>The provider name grains give in <c>[PersistentState(..., Name)]</c>.</summary>
    public const string Name = "workflow";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = KeyOf(grainId);
        // SQLite's driver is synchronous under its async API: keep the read off Orleans' scheduler threads.
        var row = await Task.Run(async () =>
        {
            await using var connection = await storage.OpenConnectionAsync(CancellationToken.None);
            return await connection.QuerySingleOrDefaultAsync<(string? Payload, long Version)>(
                "SELECT payload, version FROM grain_state WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key",
                new { key.TenantId, key.GrainType, key.Key });
        });
        // Versions start at 1, so a default row (version 0) means nothing is stored.
        if (row.Version == 0)
            return;
        grainState.ETag = row.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = row.Payload is not null;
        if (row.Payload is not null)
            grainState.State = JsonSerializer.Deserialize<T>(row.Payload, GrainStateJson.Options)!;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var sideRows = (grainState.State as StateWithSideRows)?.SideRows;
        var payload = JsonSerializer.Serialize(grainState.State, GrainStateJson.Options);
        grainState.ETag = await StoreAsync(grainId, payload, grainState.ETag, sideRows);
        grainState.RecordExists = true;
    }

    /// <summary>Clears the payload but keeps the row and its version, so a stale activation cannot write over the clear.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is null)
            return;
        grainState.ETag = await StoreAsync(grainId, null, grainState.ETag, (grainState.State as StateWithSideRows)?.SideRows);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private async Task<string> StoreAsync(GrainId grainId, string? payload, string? etag, WriteBatch? sideRows)
    {
        var expected = etag is null ? 0 : long.Parse(etag, CultureInfo.InvariantCulture);
        var key = KeyOf(grainId);
        var parameters = new
        {
            key.TenantId, key.GrainType, key.Key, Payload = payload,
            ModifiedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(), ExpectedVersion = expected,
        };

        // The guarded state write goes first: a conflict fails the batch before its other statements run.
        var batch = new WriteBatch()
            .Add(etag is null
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
                changed => changed == 1
                    ? null
                    : new InconsistentStateException($"Version conflict writing the state of {grainId}: expected version {expected}, storage has another.", null, etag))
            .Add(sideRows);
        await commits.CommitAsync(batch);
        return (expected + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static (string TenantId, string GrainType, string Key) KeyOf(GrainId grainId)
    {
        var (tenantId, key) = TenantGrainKey.Parse(grainId.Key.ToString()!);
        return (tenantId, grainId.Type.ToString()!, key);
    }
}
