namespace Workflow.Engine.Storage.Migrations;

/// <summary>
/// The schema's history. Times are stored as Unix milliseconds (bigint) and flags as integers on both providers, so the
/// stores can share their SQL.
/// </summary>
public static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "identity and grains",
            Sqlite: """
                CREATE TABLE tenants (
                    tenant_id TEXT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL,
                    is_system INTEGER NOT NULL DEFAULT 0,
                    created_at_ms INTEGER NOT NULL
                );
                CREATE TABLE users (
                    tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
                    user_id TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    is_administrator INTEGER NOT NULL DEFAULT 0,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, user_id)
                );
                CREATE TABLE api_tokens (
                    token_hash TEXT NOT NULL PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    token_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    revoked_at_ms INTEGER NULL,
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                CREATE UNIQUE INDEX ix_api_tokens_token_id ON api_tokens (tenant_id, token_id);
                CREATE TABLE grain_state (
                    tenant_id TEXT NOT NULL,
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    payload TEXT NULL,
                    version INTEGER NOT NULL,
                    modified_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, grain_type, grain_key)
                );
                CREATE TABLE grain_reminders (
                    tenant_id TEXT NOT NULL,
                    grain_type TEXT NOT NULL,
                    grain_key TEXT NOT NULL,
                    reminder_name TEXT NOT NULL,
                    due_at_ms INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    lease_owner TEXT NULL,
                    lease_until_ms INTEGER NULL,
                    PRIMARY KEY (tenant_id, grain_type, grain_key, reminder_name)
                );
                CREATE INDEX ix_grain_reminders_due ON grain_reminders (due_at_ms);
                """,
            Postgres: """
                CREATE TABLE tenants (
                    tenant_id text NOT NULL PRIMARY KEY,
                    name text NOT NULL,
                    is_system integer NOT NULL DEFAULT 0,
                    created_at_ms bigint NOT NULL
                );
                CREATE TABLE users (
                    tenant_id text NOT NULL REFERENCES tenants (tenant_id),
                    user_id text NOT NULL,
                    display_name text NOT NULL,
                    is_administrator integer NOT NULL DEFAULT 0,
                    created_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, user_id)
                );
                CREATE TABLE api_tokens (
                    token_hash text NOT NULL PRIMARY KEY,
                    tenant_id text NOT NULL,
                    user_id text NOT NULL,
                    token_id text NOT NULL,
                    name text NOT NULL,
                    created_at_ms bigint NOT NULL,
                    revoked_at_ms bigint NULL,
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                CREATE UNIQUE INDEX ix_api_tokens_token_id ON api_tokens (tenant_id, token_id);
                CREATE TABLE grain_state (
                    tenant_id text NOT NULL,
                    grain_type text NOT NULL,
                    grain_key text NOT NULL,
                    payload text NULL,
                    version bigint NOT NULL,
                    modified_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, grain_type, grain_key)
                );
                CREATE TABLE grain_reminders (
                    tenant_id text NOT NULL,
                    grain_type text NOT NULL,
                    grain_key text NOT NULL,
                    reminder_name text NOT NULL,
                    due_at_ms bigint NOT NULL,
                    version bigint NOT NULL,
                    lease_owner text NULL,
                    lease_until_ms bigint NULL,
                    PRIMARY KEY (tenant_id, grain_type, grain_key, reminder_name)
                );
                CREATE INDEX ix_grain_reminders_due ON grain_reminders (due_at_ms);
                """),
    ];
}
