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
