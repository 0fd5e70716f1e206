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
        new(3, "approval setup",
            // Limits are decimal text (exact on both providers); approval_setup_revisions is the row a tenant's setup changes queue on.
            Sqlite: """
                CREATE TABLE approval_user_setup (
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    approver_id TEXT NULL,
                    sales_amount_approval_limit TEXT NOT NULL,
                    unlimited_sales_approval INTEGER NOT NULL DEFAULT 0,
                    purchase_amount_approval_limit TEXT NOT NULL,
                    unlimited_purchase_approval INTEGER NOT NULL DEFAULT 0,
                    request_amount_approval_limit TEXT NOT NULL,
                    unlimited_request_approval INTEGER NOT NULL DEFAULT 0,
                    substitute_id TEXT NULL,
                    email TEXT NULL,
                    approval_administrator INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (tenant_id, user_id),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                CREATE TABLE workflow_user_groups (
                    tenant_id TEXT NOT NULL,
                    code TEXT NOT NULL,
                    description TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE workflow_user_group_members (
                    tenant_id TEXT NOT NULL,
                    group_code TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    sequence_no INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, group_code, user_id),
                    FOREIGN KEY (tenant_id, group_code) REFERENCES workflow_user_groups (tenant_id, code),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                CREATE TABLE approval_setup_revisions (
                    tenant_id TEXT NOT NULL PRIMARY KEY,
                    revision INTEGER NOT NULL
                );
                """,
            Postgres: """
                CREATE TABLE approval_user_setup (
                    tenant_id text NOT NULL,
                    user_id text NOT NULL,
                    approver_id text NULL,
                    sales_amount_approval_limit text NOT NULL,
                    unlimited_sales_approval bigint NOT NULL DEFAULT 0,
                    purchase_amount_approval_limit text NOT NULL,
                    unlimited_purchase_approval bigint NOT NULL DEFAULT 0,
                    request_amount_approval_limit text NOT NULL,
                    unlimited_request_approval bigint NOT NULL DEFAULT 0,
                    substitute_id text NULL,
                    email text NULL,
                    approval_administrator bigint NOT NULL DEFAULT 0,
                    PRIMARY KEY (tenant_id, user_id),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                CREATE TABLE workflow_user_groups (
                    tenant_id text NOT NULL,
                    code text NOT NULL,
                    description text NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE workflow_user_group_members (
                    tenant_id text NOT NULL,
                    group_code text NOT NULL,
                    user_id text NOT NULL,
                    sequence_no bigint NOT NULL,
                    PRIMARY KEY (tenant_id, group_code, user_id),
                    FOREIGN KEY (tenant_id, group_code) REFERENCES workflow_user_groups (tenant_id, code),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                CREATE TABLE approval_setup_revisions (
                    tenant_id text NOT NULL PRIMARY KEY,
                    revision bigint NOT NULL
                );
                """),
        new(4, "approval entries and the event outbox",
            Sqlite: """
                CREATE TABLE approval_entries (
                    tenant_id TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    entry_no INTEGER NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    workflow_code TEXT NOT NULL,
                    sequence_no INTEGER NOT NULL,
                    sender_id TEXT NOT NULL,
                    approver_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    due_date TEXT NULL,
                    amount TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    modified_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, request_id, entry_no)
                );
                CREATE INDEX ix_approval_entries_approver ON approval_entries (tenant_id, approver_id, status, due_date);
                CREATE INDEX ix_approval_entries_sender ON approval_entries (tenant_id, sender_id, created_at_ms);
                CREATE INDEX ix_approval_entries_record ON approval_entries (tenant_id, record_type, record_id);
                CREATE TABLE event_outbox (
                    tenant_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    event_code TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    user_id TEXT NULL,
                    event_data_json TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, event_id)
                );
                CREATE INDEX ix_event_outbox_due ON event_outbox (next_attempt_ms);
                """,
            Postgres: """
                CREATE TABLE approval_entries (
                    tenant_id text NOT NULL,
                    request_id text NOT NULL,
                    entry_no bigint NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    workflow_code text NOT NULL,
                    sequence_no bigint NOT NULL,
                    sender_id text NOT NULL,
                    approver_id text NOT NULL,
                    status text NOT NULL,
                    due_date text NULL,
                    amount text NOT NULL,
                    created_at_ms bigint NOT NULL,
                    modified_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, request_id, entry_no)
                );
                CREATE INDEX ix_approval_entries_approver ON approval_entries (tenant_id, approver_id, status, due_date);
                CREATE INDEX ix_approval_entries_sender ON approval_entries (tenant_id, sender_id, created_at_ms);
                CREATE INDEX ix_approval_entries_record ON approval_entries (tenant_id, record_type, record_id);
                CREATE TABLE event_outbox (
                    tenant_id text NOT NULL,
                    event_id text NOT NULL,
                    event_code text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    user_id text NULL,
                    event_data_json text NOT NULL,
                    created_at_ms bigint NOT NULL,
                    attempts bigint NOT NULL,
                    next_attempt_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, event_id)
                );
                CREATE INDEX ix_event_outbox_due ON event_outbox (next_attempt_ms);
                """),
        new(5, "workflow catalogue version per tenant",
            Sqlite: """
                CREATE TABLE workflow_catalog_versions (
                    tenant_id TEXT NOT NULL PRIMARY KEY,
                    version INTEGER NOT NULL
                );
                """,
            Postgres: """
                CREATE TABLE workflow_catalog_versions (
                    tenant_id text NOT NULL PRIMARY KEY,
                    version bigint NOT NULL
                );
                """),
        new(6, "Orleans clustering and reminders", Sqlite: OrleansSchemaScripts.Sqlite, Postgres: OrleansSchemaScripts.Postgres),
        // Reminders are Orleans' now (migration 6); the engine's own runtime and its leased reminder table are gone.
        new(7, "drop the engine's own reminder table",
            Sqlite: "DROP TABLE IF EXISTS grain_reminders;",
            Postgres: "DROP TABLE IF EXISTS grain_reminders;"),
        // Notification setup (BC's Notification Setup and Schedule, one row per user and type; weekdays a bit mask, bit n
        // for DayOfWeek n), the users' e-mail addresses, and per-entry delivery: which delivery (one entry, or a digest) carries it,
        // when it is due, how it went; leases let one node at a time deliver a recipient's entries.
        new(8, "notification setup and delivery",
            Sqlite: """
                ALTER TABLE users ADD COLUMN email TEXT NULL;
                CREATE TABLE notification_setup (
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    notification_type TEXT NOT NULL,
                    method TEXT NOT NULL,
                    recurrence TEXT NOT NULL,
                    time_of_day_minutes INTEGER NOT NULL,
                    daily_frequency TEXT NOT NULL,
                    weekdays INTEGER NOT NULL,
                    monthly_notification_date TEXT NOT NULL,
                    date_of_month INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, user_id, notification_type),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                ALTER TABLE notification_entries ADD COLUMN approval_entry_no INTEGER NULL;
                ALTER TABLE notification_entries ADD COLUMN delivery_id TEXT NULL;
                ALTER TABLE notification_entries ADD COLUMN delivery_method TEXT NULL;
                ALTER TABLE notification_entries ADD COLUMN delivery_status TEXT NOT NULL DEFAULT 'Pending';
                ALTER TABLE notification_entries ADD COLUMN due_at_ms INTEGER NULL;
                ALTER TABLE notification_entries ADD COLUMN next_attempt_ms INTEGER NULL;
                ALTER TABLE notification_entries ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE notification_entries ADD COLUMN last_error TEXT NULL;
                ALTER TABLE notification_entries ADD COLUMN sent_at_ms INTEGER NULL;
                ALTER TABLE notification_entries ADD COLUMN sent_content TEXT NULL;
                CREATE INDEX ix_notification_entries_unscheduled ON notification_entries (created_at_ms) WHERE due_at_ms IS NULL;
                CREATE INDEX ix_notification_entries_undelivered ON notification_entries (next_attempt_ms) WHERE delivery_status IN ('Pending', 'Failed');
                CREATE TABLE notification_dispatch_leases (
                    tenant_id TEXT NOT NULL,
                    recipient_user_id TEXT NOT NULL,
                    lease_owner TEXT NOT NULL,
                    lease_until_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, recipient_user_id)
                );
                CREATE TABLE notification_notes (
                    tenant_id TEXT NOT NULL,
                    recipient_user_id TEXT NOT NULL,
                    entry_id TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, entry_id)
                );
                CREATE INDEX ix_notification_notes_recipient ON notification_notes (tenant_id, recipient_user_id, created_at_ms);
                """,
            Postgres: """
                ALTER TABLE users ADD COLUMN email text NULL;
                CREATE TABLE notification_setup (
                    tenant_id text NOT NULL,
                    user_id text NOT NULL,
                    notification_type text NOT NULL,
                    method text NOT NULL,
                    recurrence text NOT NULL,
                    time_of_day_minutes bigint NOT NULL,
                    daily_frequency text NOT NULL,
                    weekdays bigint NOT NULL,
                    monthly_notification_date text NOT NULL,
                    date_of_month bigint NOT NULL,
                    PRIMARY KEY (tenant_id, user_id, notification_type),
                    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id)
                );
                ALTER TABLE notification_entries ADD COLUMN approval_entry_no bigint NULL;
                ALTER TABLE notification_entries ADD COLUMN delivery_id text NULL;
                ALTER TABLE notification_entries ADD COLUMN delivery_method text NULL;
                ALTER TABLE notification_entries ADD COLUMN delivery_status text NOT NULL DEFAULT 'Pending';
                ALTER TABLE notification_entries ADD COLUMN due_at_ms bigint NULL;
                ALTER TABLE notification_entries ADD COLUMN next_attempt_ms bigint NULL;
                ALTER TABLE notification_entries ADD COLUMN attempts bigint NOT NULL DEFAULT 0;
                ALTER TABLE notification_entries ADD COLUMN last_error text NULL;
                ALTER TABLE notification_entries ADD COLUMN sent_at_ms bigint NULL;
                ALTER TABLE notification_entries ADD COLUMN sent_content text NULL;
                CREATE INDEX ix_notification_entries_unscheduled ON notification_entries (created_at_ms) WHERE due_at_ms IS NULL;
                CREATE INDEX ix_notification_entries_undelivered ON notification_entries (next_attempt_ms) WHERE delivery_status IN ('Pending', 'Failed');
                CREATE TABLE notification_dispatch_leases (
                    tenant_id text NOT NULL,
                    recipient_user_id text NOT NULL,
                    lease_owner text NOT NULL,
                    lease_until_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, recipient_user_id)
                );
                CREATE TABLE notification_notes (
                    tenant_id text NOT NULL,
                    recipient_user_id text NOT NULL,
                    entry_id text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    text text NOT NULL,
                    created_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, entry_id)
                );
                CREATE INDEX ix_notification_notes_recipient ON notification_notes (tenant_id, recipient_user_id, created_at_ms);
                """),
        // A user's live feed. A grain turn adds its messages unnumbered, in its own transaction; the user's feed grain,
        // the one writer per user, numbers them afterwards in commit order, so a sequence a client has seen never has an
        // uncommitted one below it. The unique index refuses a second numbering of the same sequence.
        new(9, "user live feed",
            Sqlite: """
                CREATE TABLE feed_messages (
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    sequence INTEGER NULL,
                    message_type TEXT NOT NULL,
                    occurred_at_ms INTEGER NOT NULL,
                    message_json TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, user_id, message_id)
                );
                CREATE UNIQUE INDEX ix_feed_messages_sequence ON feed_messages (tenant_id, user_id, sequence);
                CREATE INDEX ix_feed_messages_unnumbered ON feed_messages (tenant_id, user_id, occurred_at_ms) WHERE sequence IS NULL;
                """,
            Postgres: """
                CREATE TABLE feed_messages (
                    tenant_id text NOT NULL,
                    user_id text NOT NULL,
                    message_id text NOT NULL,
                    sequence bigint NULL,
                    message_type text NOT NULL,
                    occurred_at_ms bigint NOT NULL,
                    message_json text NOT NULL,
                    PRIMARY KEY (tenant_id, user_id, message_id)
                );
                CREATE UNIQUE INDEX ix_feed_messages_sequence ON feed_messages (tenant_id, user_id, sequence);
                CREATE INDEX ix_feed_messages_unnumbered ON feed_messages (tenant_id, user_id, occurred_at_ms) WHERE sequence IS NULL;
                """),
        new(10, "posting: setup, number series, posted documents, ledger entries, posted approval entries and comments, the job queue",
            Sqlite: """
                CREATE TABLE posting_setup (
                    tenant_id TEXT NOT NULL PRIMARY KEY,
                    payables_account TEXT NOT NULL,
                    receivables_account TEXT NOT NULL,
                    purchase_account TEXT NOT NULL,
                    sales_account TEXT NOT NULL,
                    purchase_vat_account TEXT NOT NULL,
                    sales_vat_account TEXT NOT NULL,
                    bank_account TEXT NOT NULL
                );
                CREATE TABLE number_series (
                    tenant_id TEXT NOT NULL,
                    code TEXT NOT NULL,
                    last_no INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE posted_documents (
                    tenant_id TEXT NOT NULL,
                    document_type TEXT NOT NULL,
                    document_no TEXT NOT NULL,
                    source_record_type TEXT NOT NULL,
                    source_record_id TEXT NOT NULL,
                    source_document_type TEXT NULL,
                    party TEXT NULL,
                    party_no TEXT NULL,
                    party_name TEXT NULL,
                    amount TEXT NOT NULL,
                    amount_including_vat TEXT NOT NULL,
                    posting_date TEXT NOT NULL,
                    posted_by TEXT NULL,
                    posted_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, document_type, document_no)
                );
                CREATE UNIQUE INDEX ix_posted_documents_source ON posted_documents (tenant_id, source_record_type, source_record_id, document_type);
                CREATE TABLE ledger_entries (
                    tenant_id TEXT NOT NULL,
                    ledger TEXT NOT NULL,
                    document_type TEXT NOT NULL,
                    document_no TEXT NOT NULL,
                    line_no INTEGER NOT NULL,
                    posting_date TEXT NOT NULL,
                    account_no TEXT NOT NULL,
                    description TEXT NULL,
                    amount TEXT NOT NULL,
                    source_record_type TEXT NOT NULL,
                    source_record_id TEXT NOT NULL,
                    posted_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, ledger, document_type, document_no, line_no)
                );
                CREATE INDEX ix_ledger_entries_account ON ledger_entries (tenant_id, ledger, account_no, posting_date);
                CREATE TABLE posted_approval_entries (
                    tenant_id TEXT NOT NULL,
                    posted_document_type TEXT NOT NULL,
                    posted_document_no TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    entry_no INTEGER NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    workflow_code TEXT NOT NULL,
                    sequence_no INTEGER NOT NULL,
                    sender_id TEXT NOT NULL,
                    approver_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    due_date TEXT NULL,
                    amount TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    modified_at_ms INTEGER NOT NULL,
                    posted_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, posted_document_type, posted_document_no, request_id, entry_no)
                );
                CREATE INDEX ix_posted_approval_entries_record ON posted_approval_entries (tenant_id, record_type, record_id);
                CREATE TABLE posted_approval_comments (
                    tenant_id TEXT NOT NULL,
                    posted_document_type TEXT NOT NULL,
                    posted_document_no TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    line_no INTEGER NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, posted_document_type, posted_document_no, request_id, line_no)
                );
                CREATE TABLE posting_jobs (
                    tenant_id TEXT NOT NULL,
                    job_id TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    requested_by TEXT NULL,
                    workflow_code TEXT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    max_attempts INTEGER NOT NULL,
                    next_attempt_ms INTEGER NOT NULL,
                    last_error TEXT NULL,
                    posted_document_no TEXT NULL,
                    created_at_ms INTEGER NOT NULL,
                    modified_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, job_id)
                );
                CREATE INDEX ix_posting_jobs_due ON posting_jobs (status, next_attempt_ms);
                CREATE INDEX ix_posting_jobs_tenant ON posting_jobs (tenant_id, created_at_ms);
                """,
            Postgres: """
                CREATE TABLE posting_setup (
                    tenant_id text NOT NULL PRIMARY KEY,
                    payables_account text NOT NULL,
                    receivables_account text NOT NULL,
                    purchase_account text NOT NULL,
                    sales_account text NOT NULL,
                    purchase_vat_account text NOT NULL,
                    sales_vat_account text NOT NULL,
                    bank_account text NOT NULL
                );
                CREATE TABLE number_series (
                    tenant_id text NOT NULL,
                    code text NOT NULL,
                    last_no bigint NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE posted_documents (
                    tenant_id text NOT NULL,
                    document_type text NOT NULL,
                    document_no text NOT NULL,
                    source_record_type text NOT NULL,
                    source_record_id text NOT NULL,
                    source_document_type text NULL,
                    party text NULL,
                    party_no text NULL,
                    party_name text NULL,
                    amount text NOT NULL,
                    amount_including_vat text NOT NULL,
                    posting_date text NOT NULL,
                    posted_by text NULL,
                    posted_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, document_type, document_no)
                );
                CREATE UNIQUE INDEX ix_posted_documents_source ON posted_documents (tenant_id, source_record_type, source_record_id, document_type);
                CREATE TABLE ledger_entries (
                    tenant_id text NOT NULL,
                    ledger text NOT NULL,
                    document_type text NOT NULL,
                    document_no text NOT NULL,
                    line_no bigint NOT NULL,
                    posting_date text NOT NULL,
                    account_no text NOT NULL,
                    description text NULL,
                    amount text NOT NULL,
                    source_record_type text NOT NULL,
                    source_record_id text NOT NULL,
                    posted_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, ledger, document_type, document_no, line_no)
                );
                CREATE INDEX ix_ledger_entries_account ON ledger_entries (tenant_id, ledger, account_no, posting_date);
                CREATE TABLE posted_approval_entries (
                    tenant_id text NOT NULL,
                    posted_document_type text NOT NULL,
                    posted_document_no text NOT NULL,
                    request_id text NOT NULL,
                    entry_no bigint NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    workflow_code text NOT NULL,
                    sequence_no bigint NOT NULL,
                    sender_id text NOT NULL,
                    approver_id text NOT NULL,
                    status text NOT NULL,
                    due_date text NULL,
                    amount text NOT NULL,
                    created_at_ms bigint NOT NULL,
                    modified_at_ms bigint NOT NULL,
                    posted_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, posted_document_type, posted_document_no, request_id, entry_no)
                );
                CREATE INDEX ix_posted_approval_entries_record ON posted_approval_entries (tenant_id, record_type, record_id);
                CREATE TABLE posted_approval_comments (
                    tenant_id text NOT NULL,
                    posted_document_type text NOT NULL,
                    posted_document_no text NOT NULL,
                    request_id text NOT NULL,
                    line_no bigint NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    user_id text NOT NULL,
                    text text NOT NULL,
                    at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, posted_document_type, posted_document_no, request_id, line_no)
                );
                CREATE TABLE posting_jobs (
                    tenant_id text NOT NULL,
                    job_id text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    requested_by text NULL,
                    workflow_code text NULL,
                    status text NOT NULL,
                    attempts bigint NOT NULL,
                    max_attempts bigint NOT NULL,
                    next_attempt_ms bigint NOT NULL,
                    last_error text NULL,
                    posted_document_no text NULL,
                    created_at_ms bigint NOT NULL,
                    modified_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, job_id)
                );
                CREATE INDEX ix_posting_jobs_due ON posting_jobs (status, next_attempt_ms);
                CREATE INDEX ix_posting_jobs_tenant ON posting_jobs (tenant_id, created_at_ms);
                """),
        // Workflow lifecycle (issue 12): the workflow version an instance runs, the archive of held record changes, the
        // tenant's own workflow categories, and the built-in templates a tenant removed from its library.
        new(11, "workflow lifecycle: instance versions, archived record changes, categories, removed templates",
            Sqlite: """
                ALTER TABLE workflow_instances ADD COLUMN workflow_version INTEGER NULL;
                CREATE INDEX ix_workflow_instances_workflow_status ON workflow_instances (tenant_id, workflow_code, status);
                CREATE TABLE archived_record_changes (
                    tenant_id TEXT NOT NULL,
                    instance_id TEXT NOT NULL,
                    change_no INTEGER NOT NULL,
                    workflow_code TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    field TEXT NOT NULL,
                    old_value TEXT NULL,
                    new_value TEXT NULL,
                    active INTEGER NOT NULL,
                    instance_status TEXT NOT NULL,
                    archived_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id, change_no)
                );
                CREATE TABLE workflow_categories (
                    tenant_id TEXT NOT NULL,
                    code TEXT NOT NULL,
                    description TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE removed_templates (
                    tenant_id TEXT NOT NULL,
                    code TEXT NOT NULL,
                    removed_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                """,
            Postgres: """
                ALTER TABLE workflow_instances ADD COLUMN workflow_version bigint NULL;
                CREATE INDEX ix_workflow_instances_workflow_status ON workflow_instances (tenant_id, workflow_code, status);
                CREATE TABLE archived_record_changes (
                    tenant_id text NOT NULL,
                    instance_id text NOT NULL,
                    change_no bigint NOT NULL,
                    workflow_code text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    field text NOT NULL,
                    old_value text NULL,
                    new_value text NULL,
                    active bigint NOT NULL,
                    instance_status text NOT NULL,
                    archived_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id, change_no)
                );
                CREATE TABLE workflow_categories (
                    tenant_id text NOT NULL,
                    code text NOT NULL,
                    description text NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                CREATE TABLE removed_templates (
                    tenant_id text NOT NULL,
                    code text NOT NULL,
                    removed_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant_id, code)
                );
                """),
        // An outbox event the engine refuses is kept, out of the relay's way, with its reason for administrators.
        new(12, "refused outbox events",
            Sqlite: """
                ALTER TABLE event_outbox ADD COLUMN refused_at_ms INTEGER NULL;
                ALTER TABLE event_outbox ADD COLUMN refusal TEXT NULL;
                """,
            Postgres: """
                ALTER TABLE event_outbox ADD COLUMN refused_at_ms bigint NULL, ADD COLUMN refusal text NULL;
                """),
        // Feed messages are numbered in the transaction that stores them (in commit order per user), so none waits
        // unnumbered any more: the ones an older version left are numbered after each user's last, in the order they
        // happened, and the index that found them goes (every message wrote to it twice).
        new(13, "feed messages numbered where they are stored",
            Sqlite: """
                CREATE TEMP TABLE feed_numbering AS
                    SELECT u.tenant_id, u.user_id, u.message_id,
                           (SELECT COALESCE(MAX(f.sequence), 0) FROM feed_messages f WHERE f.tenant_id = u.tenant_id AND f.user_id = u.user_id)
                           + ROW_NUMBER() OVER (PARTITION BY u.tenant_id, u.user_id ORDER BY u.occurred_at_ms, u.message_id) AS sequence
                    FROM feed_messages u WHERE u.sequence IS NULL;
                UPDATE feed_messages SET sequence = (
                    SELECT n.sequence FROM feed_numbering n
                    WHERE n.tenant_id = feed_messages.tenant_id AND n.user_id = feed_messages.user_id AND n.message_id = feed_messages.message_id)
                WHERE sequence IS NULL;
                DROP TABLE feed_numbering;
                DROP INDEX ix_feed_messages_unnumbered;
                """,
            Postgres: """
                UPDATE feed_messages m SET sequence = n.sequence
                FROM (
                    SELECT u.tenant_id, u.user_id, u.message_id,
                           (SELECT COALESCE(MAX(f.sequence), 0) FROM feed_messages f WHERE f.tenant_id = u.tenant_id AND f.user_id = u.user_id)
                           + ROW_NUMBER() OVER (PARTITION BY u.tenant_id, u.user_id ORDER BY u.occurred_at_ms, u.message_id) AS sequence
                    FROM feed_messages u WHERE u.sequence IS NULL
                ) n
                WHERE m.tenant_id = n.tenant_id AND m.user_id = n.user_id AND m.message_id = n.message_id;
                DROP INDEX ix_feed_messages_unnumbered;
                """),
        // A user's time zone (IANA id; none is UTC), the zone their notification schedules' times of day are in. The
        // index serves the feed's retention pass, which removes messages by age.
        new(14, "user time zone, feed retention",
            Sqlite: """
                ALTER TABLE users ADD COLUMN time_zone TEXT NULL;
                CREATE INDEX ix_feed_messages_occurred ON feed_messages (occurred_at_ms);
                """,
            Postgres: """
                ALTER TABLE users ADD COLUMN time_zone text NULL;
                CREATE INDEX ix_feed_messages_occurred ON feed_messages (occurred_at_ms);
                """),
        // An ended instance is archived as one row holding its steps, not a row per step: its last turn then writes one
        // row to the archive's table and each of its indexes instead of ten, which on SQLite's one writer was the
        // largest statement of a round trip and a fifth of the pages it commits.
        new(15, "archived instances, one row each",
            Sqlite: """
                CREATE TABLE archived_instances (
                    tenant_id TEXT NOT NULL,
                    instance_id TEXT NOT NULL,
                    workflow_code TEXT NOT NULL,
                    record_type TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    instance_status TEXT NOT NULL,
                    started_at_ms INTEGER NOT NULL,
                    archived_at_ms INTEGER NOT NULL,
                    step_count INTEGER NOT NULL,
                    steps_json TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id)
                );
                INSERT INTO archived_instances (tenant_id, instance_id, workflow_code, record_type, record_id, instance_status, started_at_ms, archived_at_ms, step_count, steps_json)
                SELECT tenant_id, instance_id, MIN(workflow_code), MIN(record_type), MIN(record_id), MIN(instance_status), MIN(started_at_ms), MAX(archived_at_ms), COUNT(*),
                       json_group_array(json_object('stepId', step_id, 'stepType', step_type, 'functionCode', function_code, 'description', description,
                           'previousStepId', previous_step_id, 'sequenceNo', sequence_no, 'status', status))
                FROM archived_step_instances GROUP BY tenant_id, instance_id;
                DROP TABLE archived_step_instances;
                CREATE INDEX ix_archived_instances_workflow ON archived_instances (tenant_id, workflow_code);
                CREATE INDEX ix_archived_instances_record ON archived_instances (tenant_id, record_type, record_id);
                """,
            Postgres: """
                CREATE TABLE archived_instances (
                    tenant_id text NOT NULL,
                    instance_id text NOT NULL,
                    workflow_code text NOT NULL,
                    record_type text NOT NULL,
                    record_id text NOT NULL,
                    instance_status text NOT NULL,
                    started_at_ms bigint NOT NULL,
                    archived_at_ms bigint NOT NULL,
                    step_count integer NOT NULL,
                    steps_json text NOT NULL,
                    PRIMARY KEY (tenant_id, instance_id)
                );
                INSERT INTO archived_instances (tenant_id, instance_id, workflow_code, record_type, record_id, instance_status, started_at_ms, archived_at_ms, step_count, steps_json)
                SELECT tenant_id, instance_id, MIN(workflow_code), MIN(record_type), MIN(record_id), MIN(instance_status), MIN(started_at_ms), MAX(archived_at_ms), COUNT(*),
                       json_agg(json_build_object('stepId', step_id, 'stepType', step_type, 'functionCode', function_code, 'description', description,
                           'previousStepId', previous_step_id, 'sequenceNo', sequence_no, 'status', status) ORDER BY step_id)::text
                FROM archived_step_instances GROUP BY tenant_id, instance_id;
                DROP TABLE archived_step_instances;
                CREATE INDEX ix_archived_instances_workflow ON archived_instances (tenant_id, workflow_code);
                CREATE INDEX ix_archived_instances_record ON archived_instances (tenant_id, record_type, record_id);
                """),
    ];
}
