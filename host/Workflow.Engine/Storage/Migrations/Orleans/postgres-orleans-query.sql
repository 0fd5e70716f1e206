-- Schema migration 6, part 1 of 3 (PostgreSQL): the table Orleans' ADO.NET providers read their SQL from.
--
-- Written for this project against the contract of Microsoft.Orleans.*.AdoNet 10.4.2, not copied from Orleans: the
-- providers run `SELECT QueryKey, QueryText FROM OrleansQuery` once when they start and afterwards issue only the texts
-- stored here. The layout follows src/AdoNet/Shared/PostgreSQL-Main.sql in dotnet/orleans (read at e558829b0, the
-- nearest stored commit to 876ffe03, which 10.4.2 was built from). The other two parts add the rows.
CREATE TABLE OrleansQuery (
    QueryKey varchar(64) NOT NULL,
    QueryText text NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
