using Npgsql;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database per test on either provider: a SQLite file in a temp folder, or a new database in the
/// throwaway PostgreSQL server that test.sh starts (its admin connection string is in WORKFLOW_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Both providers, for <c>[MemberData]</c>: every storage and grain test runs on each.</summary>
    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    private readonly string? _directory;
    private readonly string? _databaseName;
    private readonly string? _adminConnectionString;

    private TestDatabase(string kind, string connectionString, string? directory, string? databaseName, string? adminConnectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _directory = directory;
        _databaseName = databaseName;
        _adminConnectionString = adminConnectionString;
    }

    public string Kind { get; }

    /// <summary>What the engine's <c>Storage:ConnectionString</c> is set to.</summary>
    public string ConnectionString { get; }

    /// <summary>A new provider on this database; several may share it, like several host nodes.</summary>
    public IStorageProvider CreateProvider() => StorageProviderFactory.Create(new StorageOptions { ConnectionString = ConnectionString });

    public static async Task<TestDatabase> CreateAsync(string kind)
    {
        if (kind == Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("wf-test-").FullName;
            return new TestDatabase(kind, $"Data Source={Path.Combine(directory, "workflow.db")}", directory, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("WORKFLOW_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException(
                "WORKFLOW_TEST_POSTGRES is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL, or point it at a server you may create databases on.");
        var name = "wf_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(kind, builder.ConnectionString, null, name, admin);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
