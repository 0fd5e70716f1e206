using System.Data.Common;
using Dapper;

namespace Workflow.Engine.Storage.Migrations;

/// <summary>Applies the migrations a database has not seen yet, inside the caller's (locked) transaction.</summary>
internal static class SchemaMigrator
{
    public static async Task ApplyAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<Migration> migrations,
        Func<Migration, string> scriptOf,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at_ms bigint NOT NULL
            )
            """, transaction: transaction, cancellationToken: cancellationToken));

        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();

        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
                continue;
            await connection.ExecuteAsync(new CommandDefinition(scriptOf(migration), transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
        }
    }
}
