using System.Reflection;

namespace Workflow.Engine.Storage.Migrations;

/// <summary>
/// The SQL of schema migration 6, kept as embedded <c>.sql</c> files under <c>Storage/Migrations/Orleans/</c> so they read
/// (and diff) as SQL. On PostgreSQL it creates the tables and <c>OrleansQuery</c> rows that Orleans' ADO.NET clustering
/// and reminders providers expect; on SQLite, the table behind the engine's own reminder table (<c>Reminders/SqliteReminderTable</c>).
/// </summary>
public static class OrleansSchemaScripts
{
    private const string ResourcePrefix = "Workflow.Engine.Storage.Migrations.Orleans.";

    /// <summary>
    /// <c>OrleansQuery</c>, then clustering, then reminders: the query rows need the table, so the order is fixed. Grain
    /// persistence is left out on purpose; grains keep the engine's own storage.
    /// </summary>
    public static string Postgres { get; } = string.Join(
        Environment.NewLine,
        Read("postgres-orleans-query.sql"),
        Read("postgres-orleans-clustering.sql"),
        Read("postgres-orleans-reminders.sql"));

    /// <summary>Orleans ships no SQLite clustering or reminders schema; only the engine's reminder table is needed.</summary>
    public static string Sqlite { get; } = Read("sqlite-orleans-reminders.sql");

    private static string Read(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Embedded migration script {ResourcePrefix}{fileName} is missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
