using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Workflow.Engine.Storage.Migrations;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Infrastructure;

/// <summary>
/// A fresh database per test on either provider: a SQLite file in a temp folder, or a new database in the throwaway
/// PostgreSQL server that test.sh starts (its admin connection string is in WORKFLOW_TEST_POSTGRES).
/// </summary>
/// <remarks>
/// <see cref="CreateAsync"/> copies a database this process migrated once, so the hundreds of servers the suite starts
/// skip the schema's DDL; their own start-up migration still runs and finds nothing to do. Tests of migration itself
/// take <see cref="CreateEmptyAsync"/>. SQLite files go to memory-backed /dev/shm where there is one: fsync there costs
/// nothing, and a test's process kills don't lose what is in the page cache either way.
/// </remarks>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Both providers, for <c>[MemberData]</c>: every storage and grain test runs on each.</summary>
    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _sqliteTemplateFile;
    private static string? _postgresTemplateName;

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

    /// <summary>A new database with every migration applied and no rows.</summary>
    public static async Task<TestDatabase> CreateAsync(string kind) =>
        kind == Sqlite
            ? await CreateSqliteAsync(await SqliteTemplateAsync())
            : await CreatePostgresAsync(await PostgresTemplateAsync());

    /// <summary>A new database without any table, for tests of migration itself.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(string kind) =>
        kind == Sqlite ? await CreateSqliteAsync(template: null) : await CreatePostgresAsync(template: null);

    private static string AdminConnectionString()
    {
        var admin = Environment.GetEnvironmentVariable("WORKFLOW_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException(
                "WORKFLOW_TEST_POSTGRES is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL, or point it at a server you may create databases on.");
        return admin;
    }

    private static Task<TestDatabase> CreateSqliteAsync(string? template)
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Directory.CreateDirectory(Path.Combine(root, "wf-test-" + Guid.NewGuid().ToString("N"))).FullName;
        var file = Path.Combine(directory, "workflow.db");
        if (template is not null)
            File.Copy(template, file);
        return Task.FromResult(new TestDatabase(Sqlite, $"Data Source={file}", directory, null, null));
    }

    private static async Task<TestDatabase> CreatePostgresAsync(string? template)
    {
        var admin = AdminConnectionString();
        var name = "wf_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(Postgres, builder.ConnectionString, null, name, admin);
    }

    private static async Task<string> SqliteTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_sqliteTemplateFile is null)
            {
                var database = await CreateSqliteAsync(template: null);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(database._directory!, recursive: true);
                await MigrateAsync(database);
                await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
                {
                    await connection.OpenAsync();
                    await using var checkpoint = connection.CreateCommand();
                    // Everything into the main file, so a copy of that file alone is the whole database (still in WAL mode).
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                    await checkpoint.ExecuteNonQueryAsync();
                }
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                _sqliteTemplateFile = Path.Combine(database._directory!, "workflow.db");
            }
            return _sqliteTemplateFile;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task<string> PostgresTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            return _postgresTemplateName ??= await PublishedPostgresTemplateAsync();
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    /// <summary>
    /// The template for this schema, named after its migrations so that runs against one's own server reuse it and a
    /// changed schema gets a new one. It only gets that name once fully migrated.
    /// </summary>
    private static async Task<string> PublishedPostgresTemplateAsync()
    {
        var schema = string.Join('\n', SchemaMigrations.All.Select(m => $"{m.Version}:{m.Postgres}"));
        var name = "wf_test_template_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", new { name }))
            return name;

        var database = await CreatePostgresAsync(template: null);
        await MigrateAsync(database);
        // CREATE DATABASE ... TEMPLATE (and RENAME) refuse while anyone is connected to the database.
        NpgsqlConnection.ClearAllPools();
        try
        {
            await connection.ExecuteAsync($"ALTER DATABASE {database._databaseName} RENAME TO {name}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            await database.DisposeAsync(); // another run published it first
        }
        return name;
    }

    private static async Task MigrateAsync(TestDatabase database)
    {
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
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
