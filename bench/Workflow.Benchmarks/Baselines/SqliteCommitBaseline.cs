using Microsoft.Data.Sqlite;
using Workflow.Benchmarks.Infrastructure;

namespace Workflow.Benchmarks.Baselines;

/// <summary>
/// What the disk allows SQLite: durable commits per second of one-row INSERTs, each in its own transaction, on a file in
/// WAL mode with <c>synchronous=FULL</c> and the busy timeout the engine's SqliteStorageProvider sets, from N concurrent
/// connections (SQLite serialises writers, so more connections mostly add waiting).
/// </summary>
public static class SqliteCommitBaseline
{
    public static async Task<LoadResult> RunAsync(string directory, int concurrency, TimeSpan duration)
    {
        var file = Path.Combine(directory, $"baseline-{concurrency}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
        await using (var setup = await OpenAsync(connectionString))
        {
            await Execute(setup, "PRAGMA journal_mode=WAL;");
            await Execute(setup, "CREATE TABLE IF NOT EXISTS commits (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, payload TEXT NOT NULL)");
        }

        var connections = new SqliteConnection[concurrency];
        for (var i = 0; i < concurrency; i++)
            connections[i] = await OpenAsync(connectionString);
        try
        {
            var payload = new string('x', 200);
            return await LoadRunner.RunAsync(concurrency, duration, async (worker, _) =>
            {
                var connection = connections[worker];
                // BEGIN IMMEDIATE: take the write lock up front, as a writer that knows it will write.
                await using var transaction = connection.BeginTransaction(deferred: false);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO commits (worker, payload) VALUES ($worker, $payload)";
                insert.Parameters.AddWithValue("$worker", worker);
                insert.Parameters.AddWithValue("$payload", payload);
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            });
        }
        finally
        {
            foreach (var connection in connections)
                await connection.DisposeAsync();
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Execute(connection, "PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL;");
        return connection;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
