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

    public PostgresStorageProvider(string connectionString) =>
        _dataSource = NpgsqlDataSource.Create(connectionString);

    public string Name => "postgres";

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

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
