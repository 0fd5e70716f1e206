using System.Data.Common;

namespace Workflow.Engine.Storage;

/// <summary>
/// The one door to the database. Every store (grain state, reminders, identity, ...) is written once against it; the
/// providers differ only in how connections are made, in the schema scripts, and in the few dialect details below.
/// </summary>
public interface IStorageProvider : IAsyncDisposable
{
    /// <summary>Short name used in logs and tests: <c>sqlite</c> or <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>How many transactions may usefully write at once (group-commit writers per node).</summary>
    int ConcurrentWriters { get; }

    /// <summary>Opens a connection that is ready for commands (pragmas set, pooled where the driver pools).</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins a transaction that will write: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so two writers
    /// never both read and then fail to upgrade.
    /// </summary>
    ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>Creates the schema or brings it up to the latest migration. Safe to call from several nodes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A statement that takes a lock named by its <c>@LockKey</c> parameter and holds it until the transaction ends, so
    /// writes numbered per key (<see cref="WriteBatch.AddInCommitOrder"/>) are numbered in the order their transactions
    /// commit; null where write transactions exclude each other anyway (SQLite).
    /// </summary>
    string? CommitOrderLockSql { get; }

    /// <summary>
    /// On a store that only this server process uses (SQLite: one node), the count of committed changes to tables nodes
    /// cache (<see cref="RevisionCache{TValue}"/>); null where other processes change the store too (PostgreSQL).
    /// </summary>
    LocalChangeCount? LocalChanges { get; }

    /// <summary>Tells whether an exception is a unique-key violation, which the stores map to a conflict.</summary>
    bool IsUniqueViolation(Exception exception);
}
