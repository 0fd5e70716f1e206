using System.Data.Common;
using Dapper;
using Npgsql;
using Workflow.Engine.Storage.Migrations;

namespace Workflow.Engine.Storage;

/// <summary>PostgreSQL, for production and for several host nodes sharing one database.</summary>
public sealed class PostgresStorageProvider : IStorageProvider
{
    // Any constant works; it only has to be the same on every node.
    private const long MigrationLockKey = 0x576F726B666C6F77; // "Workflow"

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStorageProvider(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The engine sends a few dozen statement shapes over and over: prepared once per connection, the server stops
        // parsing and planning them on every call (a large share of its CPU on a small machine).
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 100;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    // Enough to overlap statement round trips on a few cores; each writer holds one connection.
    public int ConcurrentWriters => 4;

    public string Name => "postgres";

    // Every node of the cluster changes the store.
    public LocalChangeCount? LocalChanges => null;

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection.BeginTransactionAsync(cancellationToken);

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serialises migrators across nodes; released with the transaction.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction);
        await SchemaMigrator.ApplyAsync(connection, transaction, SchemaMigrations.All, m => m.Postgres, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Writers run in parallel: a transaction-scoped advisory lock per key makes the second wait for the first's commit.
    public string? CommitOrderLockSql => "SELECT pg_advisory_xact_lock(hashtextextended(@LockKey, 0))";

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
