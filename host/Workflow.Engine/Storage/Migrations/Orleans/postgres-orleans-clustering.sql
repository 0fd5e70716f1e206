-- Schema migration 6, part 2 of 3 (PostgreSQL): membership tables and queries for UseAdoNetClustering (Invariant "Npgsql").
--
-- Written for this project against the contract of Microsoft.Orleans.Clustering.AdoNet 10.4.2, not copied from Orleans.
-- What must match is what the provider binds and reads: the query keys, the parameter names, and the result column
-- names and types (Port, Generation, Status and ProxyPort are read with GetInt32, so they stay integer). The contract is
-- taken from src/AdoNet/Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql and src/AdoNet/Shared/Storage/
-- DbStoredQueries.cs / RelationalOrleansQueries.cs in dotnet/orleans at e558829b0 (the nearest stored commit to
-- 876ffe03, which 10.4.2 was built from), checked against the key names in the 10.4.2 assembly.
--
-- Differences from the upstream script, on purpose:
-- * No plpgsql functions: each conditional write is one statement whose steps depend on each other's RETURNING rows, so
--   a failed condition changes nothing and returns 0 (upstream gets the same effect by ASSERT-ing inside an exception
--   block). The version row is locked first (FOR UPDATE), so concurrent writers holding the same table version
--   serialise and all but one see a changed version and return 0.
-- * CleanupDefunctSiloEntriesKey deletes only Dead rows (Status 6) whose heartbeat is older than the IAmAliveTime argument, which is
--   what the provider documents and what the 10.4.2 README calls "Dead-row cleanup"; upstream at e558829b0 deletes
--   every non-Active row. The optional 10.4.2 key CleanupDefunctSiloEntryKey is not installed: its parameters are not
--   in the stored source, and the provider falls back to CleanupDefunctSiloEntriesKey without it.

-- One row per cluster (ClusterId, called DeploymentId here): its Version is the membership table's ETag.
CREATE TABLE OrleansMembershipVersionTable (
    DeploymentId varchar(150) NOT NULL,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE OrleansMembershipTable (
    DeploymentId varchar(150) NOT NULL,
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpdateIAmAlivetimeKey', $sql$
    -- A heartbeat; the provider does not read a result.
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation;
$sql$),
('InsertMembershipVersionKey', $sql$
    -- 1 when this call created the cluster's version row, 0 when it existed.
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM inserted;
$sql$),
('InsertMembershipKey', $sql$
    -- Adds a silo row and bumps the table version, only if the version is still the caller's and the row is new.
    WITH expected AS (
        SELECT DeploymentId
        FROM OrleansMembershipVersionTable
        WHERE DeploymentId = @DeploymentId AND Version = @Version
        FOR UPDATE
    ),
    inserted AS (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM expected
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
        RETURNING DeploymentId
    ),
    bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId IN (SELECT DeploymentId FROM inserted) AND Version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer FROM bumped;
$sql$),
('UpdateMembershipKey', $sql$
    -- Changes a silo row and bumps the table version, only if the version is still the caller's and the row exists.
    WITH expected AS (
        SELECT DeploymentId
        FROM OrleansMembershipVersionTable
        WHERE DeploymentId = @DeploymentId AND Version = @Version
        FOR UPDATE
    ),
    updated AS (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        FROM expected AS e
        WHERE m.DeploymentId = e.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
        RETURNING m.DeploymentId
    ),
    bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId IN (SELECT DeploymentId FROM updated) AND Version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer FROM bumped;
$sql$),
('MembershipReadRowKey', $sql$
    -- The version row always comes back (the provider takes the ETag from it), with the silo's columns if it exists.
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
      ON m.DeploymentId = v.DeploymentId
     AND m.Address = @Address
     AND m.Port = @Port
     AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$sql$),
('MembershipReadAllKey', $sql$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$sql$),
('DeleteMembershipTableEntriesKey', $sql$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$sql$),
('GatewaysQueryKey', $sql$
    -- Gateways of silos in the given status (the provider asks for Active, 3).
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
$sql$),
('CleanupDefunctSiloEntriesKey', $sql$
    -- Dead silos (Status 6) whose last heartbeat is older than the cut-off.
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND IAmAliveTime < @IAmAliveTime
      AND Status = 6;
$sql$);
