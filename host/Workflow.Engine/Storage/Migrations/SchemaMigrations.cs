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
        new(2, "workflows, instances, archive, notifications",
            Sqlite: """
                CREATE TABLE workflows (
                    tenant_id TEXT NOT NULL,
                    code TEXT NOT NULL,
                    description TEXT NOT NULL,
                    category TEXT NULL,
                    record_type TEXT NULL,
                    enabled INTEGER NOT NULL DEFAULT 0,
                    is_template INTEGER NOT NULL DEFAULT 0,
                    steps_json TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE workflow_entry_points (
                    tenant_id TEXT NOT NULL,
                    event_code TEXT NOT NULL,
                    workflow_code TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, event_code, workflow_code)
                );
                CREATE TABLE workflow_instances (
                    tenant_id TEXT NOT NULL,
                    instance_id TEXT NOT NULL,
                    workflow_code TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    started_at_ms INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id)
                );
                CREATE INDEX ix_workflow_instances_workflow ON workflow_instances (tenant_id, workflow_code);
                CREATE INDEX ix_workflow_instances_record ON workflow_instances (tenant_id, record_type, record_id);
                CREATE TABLE archived_step_instances (
                    tenant_id TEXT NOT NULL,
                    instance_id TEXT NOT NULL,
                    step_id INTEGER NOT NULL,
                    workflow_code TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    step_type TEXT NOT NULL,
                    function_code TEXT NOT NULL,
                    description TEXT NULL,
                    previous_step_id INTEGER NULL,
                    sequence_no INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    instance_status TEXT NOT NULL,
                    started_at_ms INTEGER NOT NULL,
                    archived_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id, step_id)
                );
                CREATE INDEX ix_archived_step_instances_workflow ON archived_step_instances (tenant_id, workflow_code);
                CREATE INDEX ix_archived_step_instances_record ON archived_step_instances (tenant_id, record_type, record_id);
                CREATE TABLE notification_entries (
                    tenant_id TEXT NOT NULL,
                    entry_id TEXT NOT NULL,
                    recipient_user_id TEXT NOT NULL,
                    entry_type TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    instance_id TEXT NULL,
                    message TEXT NOT NULL,
                    send_now INTEGER NOT NULL,
                    created_by TEXT NULL,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, entry_id)
                );
                CREATE INDEX ix_notification_entries_recipient ON notification_entries (tenant_id, recipient_user_id, created_at_ms);
                """,
            Postgres: """
                CREATE TABLE workflows (
                    tenant_id text NOT NULL,
                    code text NOT NULL,
                    description text NOT NULL,
                    category text NULL,
                    record_type text NULL,
                    enabled bigint NOT NULL DEFAULT 0,
                    is_template bigint NOT NULL DEFAULT 0,
                    steps_json text NOT NULL,
                    version bigint NOT NULL,
                    created_at_ms bigint NOT NULL,
                    updated_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE workflow_entry_points (
                    tenant_id text NOT NULL,
                    event_code text NOT NULL,
                    workflow_code text NOT NULL,
                    PRIMARY KEY (tenant_id, event_code, workflow_code)
                );
                CREATE TABLE workflow_instances (
                    tenant_id text NOT NULL,
                    instance_id text NOT NULL,
                    workflow_code text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    status text NOT NULL,
                    started_at_ms bigint NOT NULL,
                    updated_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id)
                );
                CREATE INDEX ix_workflow_instances_workflow ON workflow_instances (tenant_id, workflow_code);
                CREATE INDEX ix_workflow_instances_record ON workflow_instances (tenant_id, record_type, record_id);
                CREATE TABLE archived_step_instances (
                    tenant_id text NOT NULL,
                    instance_id text NOT NULL,
                    step_id bigint NOT NULL,
                    workflow_code text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    step_type text NOT NULL,
                    function_code text NOT NULL,
                    description text NULL,
                    previous_step_id bigint NULL,
                    sequence_no bigint NOT NULL,
                    status text NOT NULL,
                    instance_status text NOT NULL,
                    started_at_ms bigint NOT NULL,
                    archived_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id, step_id)
                );
                CREATE INDEX ix_archived_step_instances_workflow ON archived_step_instances (tenant_id, workflow_code);
                CREATE INDEX ix_archived_step_instances_record ON archived_step_instances (tenant_id, record_type, record_id);
                CREATE TABLE notification_entries (
                    tenant_id text NOT NULL,
                    entry_id text NOT NULL,
                    recipient_user_id text NOT NULL,
                    entry_type text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    instance_id text NULL,
                    message text NOT NULL,
                    send_now bigint NOT NULL,
                    created_by text NULL,
                    created_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, entry_id)
                );
                CREATE INDEX ix_notification_entries_recipient ON notification_entries (tenant_id, recipient_user_id, created_at_ms);
                """),
    ];
}
