using Microsoft.Data.Sqlite;
using Npgsql;

namespace Workflow.Engine.Storage;

/// <summary>Chooses the storage provider from the connection string.</summary>
public static class StorageProviderFactory
{
    public static IStorageProvider Create(StorageOptions options)
    {
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = Path.GetFullPath(options.DataDirectory);
            Directory.CreateDirectory(directory);
            return new SqliteStorageProvider(new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(directory, "workflow.db"),
            }.ConnectionString);
        }

        if (LooksLikePostgres(connectionString))
            return new PostgresStorageProvider(connectionString);

        return new SqliteStorageProvider(connectionString);
    }

    /// <summary>True when the options select PostgreSQL (several nodes can share it as one cluster).</summary>
    public static bool SelectsPostgres(StorageOptions options) =>
        !string.IsNullOrWhiteSpace(options.ConnectionString) && LooksLikePostgres(options.ConnectionString);

    private static bool LooksLikePostgres(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrEmpty(builder.Host);
        }
        catch (ArgumentException)
        {
            return false; // keys Npgsql does not know, such as "Data Source": a SQLite string
        }
    }
}
