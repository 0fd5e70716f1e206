namespace Workflow.Engine.Storage.Migrations;

/// <summary>One versioned schema change, written once per provider. Applied migrations are never edited: add a new one.</summary>
public sealed record Migration(int Version, string Name, string Sqlite, string Postgres);
