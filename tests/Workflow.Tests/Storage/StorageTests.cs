using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Engine.Identity;
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
