using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Workflow.Engine.Grains;
using Workflow.Engine.Storage;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Grains;

/// <summary>The engine's grains on Orleans: one activation per grain, state as stored, nothing of a failed call kept.</summary>
public sealed class OrleansGrainTests
{
    private static Task<TestNode> StartNodeAsync(TestDatabase database, StorageFaults? faults = null) =>
        TestNode.StartAsync(database, configureSilo: faults is null ? null : silo => silo.Services.AddGrainStorage(WorkflowGrainStorage.Name,
            (sp, _) => new FailingGrainStorage(sp.GetRequiredService<WorkflowGrainStorage>(), faults)));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_thousand_concurrent_calls_to_one_grain_run_one_at_a_time_and_all_count(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var node = await StartNodeAsync(database);
        var counter = node.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "c1");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => counter.Increment())));

        Assert.Equal(1000, await counter.GetCount());
        Assert.Equal(0, await counter.GetOverlappingTurns());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order()); // each call saw the one before it
    }

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_are_one_cluster_with_one_activation_per_grain()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var nodeA = await StartNodeAsync(database);
        await using var nodeB = await StartNodeAsync(database);
        var onA = nodeA.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "shared");
        var onB = nodeB.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "shared");

        var counts = await Task.WhenAll(
            Task.Run(async () => { var seen = new List<int>(); for (var i = 0; i < 150; i++) seen.Add(await onA.Increment()); return seen; }),
            Task.Run(async () => { var seen = new List<int>(); for (var i = 0; i < 150; i++) seen.Add(await onB.Increment()); return seen; }));

        // One activation took every call, whichever node it came through: no call saw a count another call saw.
        Assert.Equal(Enumerable.Range(1, 300), counts.SelectMany(c => c).Order());
        Assert.Equal(300, await onB.GetCount());
        Assert.Equal(0, await onA.GetOverlappingTurns());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_call_that_fails_after_changing_state_in_memory_leaves_nothing_of_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var node = await StartNodeAsync(database);
        var counter = node.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "thrower");
        Assert.Equal(1, await counter.Increment());

        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.FailAfterChange());

        Assert.Equal(1, await counter.GetCount());
        Assert.Equal(2, await counter.Increment());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_storage_write_drops_the_turn_and_a_retry_does_the_work_for_real(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var faults = new StorageFaults();
        await using var node = await StartNodeAsync(database, faults);
        var counter = node.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "outage");
        Assert.Equal(1, await counter.Increment());

        faults.FailWritesOf("test-counter");
        await Assert.ThrowsAnyAsync<Exception>(() => counter.Increment());
        Assert.Equal(1, await counter.GetCount()); // what memory holds is what is stored

        faults.Heal();
        Assert.Equal(2, await counter.Increment());
        await using var fresh = await StartNodeAsync(database);
        Assert.Equal(2, await fresh.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "outage").GetCount());
    }

    [Fact]
    public async Task Grains_of_different_tenants_with_the_same_key_are_different_grains()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var node = await StartNodeAsync(database);

        await node.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "same").Increment();
        await node.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "same").Increment();
        await node.Grains.GetTenantGrain<ICounterGrain>("tenant-b", "same").Increment();

        Assert.Equal(2, await node.Grains.GetTenantGrain<ICounterGrain>("tenant-a", "same").GetCount());
        Assert.Equal(1, await node.Grains.GetTenantGrain<ICounterGrain>("tenant-b", "same").GetCount());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_write_is_refused_not_overwritten(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storageProvider = database.CreateProvider();
        await storageProvider.MigrateAsync();
        await using var commits = new GroupCommit(storageProvider, new StorageOptions());
        var storage = new WorkflowGrainStorage(storageProvider, commits, TimeProvider.System);
        var id = GrainId.Create("test-counter", TenantGrainKey.For("tenant-a", "stale"));

        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync("state", id, first);
        var stale = new GrainState<CounterState>(new CounterState { Count = 99 }) { ETag = first.ETag };
        first.State!.Count = 2;
        await storage.WriteStateAsync("state", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", id, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", id, new GrainState<CounterState>(new CounterState { Count = 99 })));
        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", id, read);
        Assert.Equal((2, first.ETag, true), (read.State!.Count, read.ETag, read.RecordExists));

        await storage.ClearStateAsync("state", id, first);
        stale.ETag = read.ETag;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", id, stale));
        var cleared = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("state", id, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Equal(first.ETag, cleared.ETag);
    }
}
