-- Schema migration 6 (SQLite): the table behind SqliteReminderTable, Orleans' IReminderTable on SQLite (Orleans ships no
-- SQLite reminders provider). Rows are scoped by ClusterOptions.ServiceId like the ADO.NET table. grain_hash is
-- GrainId.GetUniformHashCode() as an unsigned value (0 to 2^32-1), so ring ranges compare as Orleans defines them.
CREATE TABLE orleans_reminders (
    service_id TEXT NOT NULL,
    grain_id TEXT NOT NULL,
    reminder_name TEXT NOT NULL,
    grain_hash INTEGER NOT NULL,
    start_at_ms INTEGER NOT NULL,
    period_ticks INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX ix_orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);
