using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Engine.Identity;
using Workflow.Engine.Instances;
using Workflow.Engine.Storage.Migrations;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Storage;

public sealed class StorageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Several_nodes_migrating_one_database_at_once_apply_each_migration_once(string provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        var providers = Enumerable.Range(0, 4).Select(_ => database.CreateProvider()).ToList();

        await Task.WhenAll(providers.Select(p => Task.Run(() => p.MigrateAsync())));
        await providers[0].MigrateAsync(); // and again on a later start

        await using var connection = await providers[0].OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(SchemaMigrations.All.Select(m => m.Version), versions);
        foreach (var p in providers)
            await p.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_archive_kept_a_row_per_step_is_carried_over_whole_when_instances_take_a_row_each(string provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var storage = database.CreateProvider();
        await using (var connection = await storage.OpenConnectionAsync())
        {
            // The database as the version before migration 15 left it, with two ended instances archived step by step.
            foreach (var migration in SchemaMigrations.All.Where(m => m.Version < 15))
                await connection.ExecuteAsync(provider == TestDatabase.Sqlite ? migration.Sqlite : migration.Postgres);
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at_ms bigint NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@Version, @Name, 0)",
                SchemaMigrations.All.Where(m => m.Version < 15).Select(m => new { m.Version, m.Name }));
            await connection.ExecuteAsync(
                """
                INSERT INTO archived_step_instances (tenant_id, instance_id, step_id, workflow_code, record_type, record_id, step_type, function_code,
                    description, previous_step_id, sequence_no, status, instance_status, started_at_ms, archived_at_ms)
                VALUES ('t', @InstanceId, @StepId, 'PI-APPROVAL', 'PURCHASE_HEADER', @RecordId, @StepType, @FunctionCode, @Description, @PreviousStepId, 1, 'Completed', @InstanceStatus, 1000, @ArchivedAt)
                """,
                new[]
                {
                    new { InstanceId = "older", StepId = 2, RecordId = "PI-1", StepType = "Response", FunctionCode = "RELEASE_DOCUMENT", Description = (string?)"Release", PreviousStepId = (int?)1, InstanceStatus = "Completed", ArchivedAt = 2000L },
                    new { InstanceId = "older", StepId = 1, RecordId = "PI-1", StepType = "Event", FunctionCode = "APPROVAL_REQUEST_APPROVED", Description = (string?)null, PreviousStepId = (int?)null, InstanceStatus = "Completed", ArchivedAt = 2000L },
                    new { InstanceId = "newer", StepId = 1, RecordId = "PI-2", StepType = "Event", FunctionCode = "APPROVAL_REQUEST_REJECTED", Description = (string?)null, PreviousStepId = (int?)null, InstanceStatus = "Canceled", ArchivedAt = 3000L },
                    new { InstanceId = "newer", StepId = 2, RecordId = "PI-2", StepType = "Response", FunctionCode = "REOPEN_DOCUMENT", Description = (string?)null, PreviousStepId = (int?)1, InstanceStatus = "Canceled", ArchivedAt = 3000L },
                    new { InstanceId = "newer", StepId = 3, RecordId = "PI-2", StepType = "Response", FunctionCode = "SEND_NOTIFICATION", Description = (string?)"Tell", PreviousStepId = (int?)2, InstanceStatus = "Canceled", ArchivedAt = 3000L },
                });
        }

        await storage.MigrateAsync();

        var index = new InstanceIndex(storage, TimeProvider.System);
        var archive = await index.ListArchivedAsync("t", new InstanceFilter(), 0, 100, default);
        Assert.Equal(
            [("newer", 1, "APPROVAL_REQUEST_REJECTED"), ("newer", 2, "REOPEN_DOCUMENT"), ("newer", 3, "SEND_NOTIFICATION"), ("older", 1, "APPROVAL_REQUEST_APPROVED"), ("older", 2, "RELEASE_DOCUMENT")],
            archive.Select(a => (a.InstanceId, a.StepId, a.FunctionCode)));
        var release = archive[^1];
        Assert.Equal(new ArchivedStepInstance("older", 2, "PI-APPROVAL", "PURCHASE_HEADER", "PI-1", "Response", "RELEASE_DOCUMENT", "Release", 1, 1, "Completed", "Completed",
            DateTimeOffset.FromUnixTimeMilliseconds(1000), DateTimeOffset.FromUnixTimeMilliseconds(2000)), release);
        Assert.Null(archive[0].PreviousStepId);

        // Pages count steps across instances, as they did when each step was a row.
        var page = await index.ListArchivedAsync("t", new InstanceFilter(), 2, 2, default);
        Assert.Equal([("newer", 3), ("older", 1)], page.Select(a => (a.InstanceId, a.StepId)));
        Assert.Equal([("older", 2)], (await index.ListArchivedAsync("t", new InstanceFilter(Status: "Completed"), 1, 5, default)).Select(a => (a.InstanceId, a.StepId)));

        Assert.Equal(3, await index.DeleteArchivedAsync("t", new InstanceFilter(RecordId: "PI-2"), default));
        Assert.Equal(["older", "older"], (await index.ListArchivedAsync("t", new InstanceFilter(), 0, 100, default)).Select(a => a.InstanceId));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_start_creates_an_administrator_whose_token_is_shown_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        var identity = new IdentityStore(storage, TimeProvider.System);

        var first = new IdentityBootstrap(identity, new BootstrapOptions(), NullLogger<IdentityBootstrap>.Instance);
        await first.EnsureAsync(default);
        var token = Assert.IsType<string>(first.GeneratedAdminToken);

        var caller = await identity.AuthenticateAsync(token);
        Assert.Equal(new CallerIdentity("default", "ADMIN", true, true, caller!.TokenId), caller);

        var restart = new IdentityBootstrap(identity, new BootstrapOptions(), NullLogger<IdentityBootstrap>.Instance);
        await restart.EnsureAsync(default);
        Assert.Null(restart.GeneratedAdminToken);
        Assert.NotNull(await identity.AuthenticateAsync(token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tokens_are_stored_only_as_hashes(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        var identity = new IdentityStore(storage, TimeProvider.System);
        await identity.CreateTenantAsync("acme", "Acme", false, "boss", "The Boss");

        var issued = await identity.IssueTokenAsync("acme", "BOSS", "cli");

        await using var connection = await storage.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<string>("SELECT token_hash FROM api_tokens")).Single();
        Assert.DoesNotContain(issued.Secret, stored);
        Assert.Equal(64, stored.Length);
    }
}
