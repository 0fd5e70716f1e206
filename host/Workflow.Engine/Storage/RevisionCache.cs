using System.Collections.Concurrent;
using System.Data.Common;

namespace Workflow.Engine.Storage;

/// <summary>
/// A per-tenant value a node caches (the workflow catalogue's version, the approval setup), kept with the revision row it
/// was read at. Where other processes change the store (PostgreSQL) the row is read before every use, one key lookup
/// instead of the whole value. On a store only this process uses (SQLite, <see cref="IStorageProvider.LocalChanges"/>)
/// even that read is skipped until a change made here commits: an event, which asks several times, reads nothing.
/// </summary>
public sealed class RevisionCache<TValue>(IStorageProvider storage)
{
    private sealed record Entry(long LocalChanges, long Revision, TValue Value);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <param name="readRevision">Reads the tenant's revision row.</param>
    /// <param name="load">Reads the value at that revision (on the same connection, after the revision, so a change
    /// committed in between leaves the cached copy newer than its revision, never older).</param>
    public async Task<TValue> GetAsync(
        string tenantId, Func<DbConnection, Task<long>> readRevision, Func<DbConnection, long, Task<TValue>> load, CancellationToken cancellationToken)
    {
        // Taken before the row is read: a change committing meanwhile moves it on, so what is read now is not trusted later.
        var seen = storage.LocalChanges?.Count;
        _entries.TryGetValue(tenantId, out var cached);
        if (seen is not null && cached?.LocalChanges == seen)
            return cached.Value;
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var revision = await readRevision(connection);
        var entry = cached is not null && cached.Revision == revision
            ? cached with { LocalChanges = seen ?? -1 }
            : new Entry(seen ?? -1, revision, await load(connection, revision));
        _entries[tenantId] = entry;
        return entry.Value;
    }
}

/// <summary>
/// Counts the committed changes of cached tables (workflows, approval setup) on a store that only this process uses; every
/// provider of the same SQLite file in this process shares one count, so two nodes of a test see each other's changes.
/// </summary>
public sealed class LocalChangeCount
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Called after a change of a cached table committed, before its caller is answered.</summary>
    public void Committed() => Interlocked.Increment(ref _count);
}

public static class CachedChangeCommit
{
    /// <summary>
    /// Commits a transaction that changed a cached table and moved its revision row. The local count moves even when the
    /// commit throws: the change may have committed all the same, and reading the row once more costs nothing.
    /// </summary>
    public static async Task CommitCachedChangeAsync(this IStorageProvider storage, DbTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            storage.LocalChanges?.Committed();
        }
    }
}
