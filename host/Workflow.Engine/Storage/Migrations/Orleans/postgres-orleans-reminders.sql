-- Schema migration 6, part 3 of 3 (PostgreSQL): the reminders table and queries for UseAdoNetReminderService
-- (Invariant "Npgsql").
--
-- Written for this project against the contract of Microsoft.Orleans.Reminders.AdoNet 10.4.2, not copied from Orleans:
-- query keys, parameter names and result columns as the provider binds and reads them (src/AdoNet/Orleans.Reminders.
-- AdoNet/PostgreSQL-Reminders.sql and src/AdoNet/Shared/Storage/RelationalOrleansQueries.cs in dotnet/orleans at
-- e558829b0, the nearest stored commit to 876ffe03, which 10.4.2 was built from).
--
-- The provider sends GrainHash, BeginHash and EndHash as the uint hash cast to a signed int and picks
-- ReadRangeRows1Key when (int)begin < (int)end, ReadRangeRows2Key (the ring wraps) otherwise; compared as signed
-- integers on both sides, that selects the same rows as the unsigned ring range (begin, end]. Period is milliseconds.
-- Upstream has no index on GrainHash; the range reads every silo makes on each refresh use the one below. The upsert
-- and delete are single statements instead of plpgsql functions.
CREATE TABLE OrleansRemindersTable (
    ServiceId varchar(150) NOT NULL,
    GrainId varchar(150) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime timestamptz(3) NOT NULL,
    Period bigint NOT NULL,
    GrainHash integer NOT NULL,
    Version integer NOT NULL,
    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);
CREATE INDEX IX_RemindersTable_ServiceId_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $sql$
    -- Returns the row's new Version, its ETag.
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = excluded.StartTime,
        Period = excluded.Period,
        GrainHash = excluded.GrainHash,
        Version = OrleansRemindersTable.Version + 1
    RETURNING Version;
$sql$),
('ReadReminderRowsKey', $sql$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$sql$),
('ReadReminderRowKey', $sql$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$sql$),
('ReadRangeRows1Key', $sql$
    -- (begin, end] without wrapping.
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$sql$),
('ReadRangeRows2Key', $sql$
    -- The range wraps past the top of the ring (begin >= end; begin = end is the whole ring).
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$sql$),
('DeleteReminderRowKey', $sql$
    -- 1 when the row existed at the caller's ETag (its Version) and is gone, 0 otherwise.
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer FROM deleted;
$sql$),
('DeleteReminderRowsKey', $sql$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$sql$);
