using System.Text.Json;
using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Records;

/// <summary>
/// A line record as stored, with its restrictions (a line held by its own approval holds its batch's posting) and the
/// state version a posting that removes it must still find.
/// </summary>
public sealed record StoredLine(string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<RecordRestriction> Restrictions, long Version)
{
    public WorkflowRecord AsRecord() => new(RecordType, RecordId, Fields);
}

/// <summary>
/// The lines of a record (a journal batch's lines): the records of the types that name its type as their parent and
/// whose ids start with its id and a slash, read from the record grains' stored state. Stored state is the truth: a
/// record grain answers no event before its state is written.
/// </summary>
public sealed class RecordLines(IStorageProvider storage, Plugins.WorkflowCatalog catalog)
{
    /// <summary>The Orleans grain type of record grains, as <c>grain_state</c> names it.</summary>
    private const string RecordGrainType = "record";

    public async Task<IReadOnlyList<StoredLine>> ReadAsync(string tenantId, string recordType, string recordId, CancellationToken cancellationToken)
    {
        var lineTypes = catalog.RecordTypes.Where(t => string.Equals(t.Definition.ParentRecordType, recordType, StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Code.ToUpperInvariant()).ToList();
        if (lineTypes.Count == 0)
            return [];
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var lines = new List<StoredLine>();
        foreach (var lineType in lineTypes)
        {
            // A prefix comparison rather than LIKE: record ids may hold % and _.
            var prefix = $"{lineType}/{recordId}/";
            var rows = await connection.QueryAsync<(string Key, string Payload, long Version)>(new CommandDefinition(
                """
                SELECT grain_key, payload, version FROM grain_state
                WHERE tenant_id = @TenantId AND grain_type = @GrainType AND payload IS NOT NULL
                  AND substr(grain_key, 1, CAST(@PrefixLength AS INTEGER)) = @Prefix
                """, new { TenantId = tenantId, GrainType = RecordGrainType, Prefix = prefix, PrefixLength = prefix.Length }, cancellationToken: cancellationToken));
            foreach (var (key, payload, version) in rows)
            {
                var state = JsonSerializer.Deserialize<RecordState>(payload, GrainStateJson.Options);
                // A line whose first event is still pending has not been seen yet; a posted one is gone.
                if (state is null || state.RecordType.Length == 0 || state.Posted is not null)
                    continue;
                lines.Add(new StoredLine(state.RecordType, state.RecordId, state.Fields, state.Restrictions, version));
            }
        }
        return lines.OrderBy(l => LineOrder(l.RecordId)).ThenBy(l => l.RecordId, StringComparer.Ordinal).ToList();
    }

    /// <summary>A record as last stored, read without a call to its grain (a response reading a document's customer); null when absent or posted.</summary>
    public async Task<StoredLine?> ReadRecordAsync(string tenantId, string recordType, string recordId, CancellationToken cancellationToken)
    {
        var code = catalog.FindRecordType(recordType)?.Code ?? recordType.ToUpperInvariant();
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<(string Payload, long Version)?>(new CommandDefinition(
            "SELECT payload, version FROM grain_state WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND payload IS NOT NULL",
            new { TenantId = tenantId, GrainType = RecordGrainType, Key = RecordKey.For(code, recordId) }, cancellationToken: cancellationToken));
        if (row is not { } found)
            return null;
        var state = JsonSerializer.Deserialize<RecordState>(found.Payload, GrainStateJson.Options);
        return state is null || state.RecordType.Length == 0 || state.Posted is not null
            ? null
            : new StoredLine(state.RecordType, state.RecordId, state.Fields, state.Restrictions, found.Version);
    }

    /// <summary>
    /// Adds the removal of a posted line to the posting's writes: its state goes (as a record grain clears it, keeping the
    /// row's version moving) only if nothing changed it since it was read, or the whole posting fails and is tried again.
    /// </summary>
    public static void Remove(WriteBatch batch, string tenantId, StoredLine line) =>
        batch.Add(
            """
            UPDATE grain_state SET payload = NULL, version = version + 1
            WHERE tenant_id = @TenantId AND grain_type = @GrainType AND grain_key = @Key AND version = @Version
            """,
            new { TenantId = tenantId, GrainType = RecordGrainType, Key = RecordKey.For(line.RecordType, line.RecordId), line.Version },
            rows => rows == 1 ? null : new Posting.PostingRaceException($"line {line.RecordId}"));

    // Line numbers sort as numbers (10000 before 20000 before 100000), as Business Central's Line No.
    private static long LineOrder(string recordId) =>
        long.TryParse(recordId[(recordId.LastIndexOf('/') + 1)..], out var number) ? number : long.MaxValue;
}
