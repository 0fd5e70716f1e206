using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Workflow.Engine.Storage.Migrations;

namespace Workflow.Engine.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. <c>synchronous=FULL</c> because an acknowledged write must survive
/// a power cut, not only a process crash.
/// </summary>
public sealed class SqliteStorageProvider : IStorageProvider
{
    private readonly string _connectionString;

    public SqliteStorageProvider(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout; writers from several runtimes queue up.
            DefaultTimeout = 30,
        };
        _connectionString = builder.ConnectionString;
        FilePath = builder.DataSource;
        LocalChanges = ChangesByFile.GetOrAdd(Path.GetFullPath(FilePath), _ => new LocalChangeCount());
    }

    // One server process uses a SQLite file (several nodes need PostgreSQL); nodes of one process (tests) share its count.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, LocalChangeCount> ChangesByFile = new(StringComparer.Ordinal);

    public LocalChangeCount? LocalChanges { get; }

    // SQLite lets one transaction write at a time.
    public int ConcurrentWriters => 1;

    public string Name => "sqlite";

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // The settings belong to the native connection, which the pool hands out again and again: set once per handle,
        // not parsed and run on every open of every read.
        if (!_configured.TryGetValue(connection.Handle!, out _))
        {
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(connection.Handle!, Configured);
        }
        return connection;
    }

    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    public ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        // BEGIN IMMEDIATE takes the write lock up front, so concurrent migrators run one after the other.
        await using var transaction = await BeginWriteTransactionAsync(connection, cancellationToken);
        await SchemaMigrator.ApplyAsync(connection, transaction, SchemaMigrations.All, m => m.Sqlite, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // One write transaction at a time (BEGIN IMMEDIATE): numbering in it is in commit order already.
    public string? CommitOrderLockSql => null;

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
