using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Grains;
using Workflow.Engine.Storage;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Grains;

public sealed class GrainRuntimeTests
{
    private static Task<TestNode> StartNodeAsync(TestDatabase database, TimeProvider? clock = null,
        Action<GrainRuntimeOptions>? configure = null, ActivationLog? log = null) =>
        TestNode.StartAsync(database, clock, configure, grains => grains
            .Add<ICounterGrain, CounterGrain>("counter")
            .Add<IFailingActivationGrain, FailingActivationGrain>("failing-activation"),
            registerServices: services => services.AddSingleton(log ?? new ActivationLog()));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_thousand_concurrent_calls_to_one_grain_run_one_at_a_time_and_all_count(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var node = await StartNodeAsync(database);
        var counter = node.Runtime.GetGrain<ICounterGrain>("tenant-a", "c1");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => counter.Increment())));

        Assert.Equal(1000, await counter.GetCount());
        Assert.Equal(0, await counter.GetOverlappingTurns());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order()); // each call saw the one before it
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_runtimes_on_one_database_updating_the_same_grain_lose_no_update(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var nodeA = await StartNodeAsync(database);
        await using var nodeB = await StartNodeAsync(database);
        var onA = nodeA.Runtime.GetGrain<ICounterGrain>("tenant-a", "shared");
        var onB = nodeB.Runtime.GetGrain<ICounterGrain>("tenant-a", "shared");

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 150; i++) await onA.Increment(); }),
            Task.Run(async () => { for (var i = 0; i < 150; i++) await onB.Increment(); }));

        // A fresh node reads what is stored: every increment of both nodes is there.
        await using var nodeC = await StartNodeAsync(database);
        Assert.Equal(300, await nodeC.Runtime.GetGrain<ICounterGrain>("tenant-a", "shared").GetCount());
        Assert.True(nodeA.Runtime.Statistics.ConflictRetries + nodeB.Runtime.Statistics.ConflictRetries > 0,
            "the two nodes should have collided at least once, or the test proves nothing");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_write_is_refused_not_overwritten(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storageProvider = database.CreateProvider();
        await storageProvider.MigrateAsync();
        await using var commits = new GroupCommit(storageProvider, new StorageOptions());
        var storage = new AdoGrainStorage(storageProvider, commits, TimeProvider.System);
        var id = new GrainId("tenant-a", "counter", "stale");

        var v1 = await storage.WriteAsync(id, "{\"count\":1}", null, null, default);
        var v2 = await storage.WriteAsync(id, "{\"count\":2}", v1, null, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "{\"count\":99}", v1, null, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "{\"count\":99}", null, null, default));
        Assert.Equal(new StoredGrainState("{\"count\":2}", v2), await storage.ReadAsync(id, default));

        var v3 = await storage.ClearAsync(id, v2, null, default);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(id, "{\"count\":99}", v2, null, default));
        Assert.Equal(new StoredGrainState(null, v3), await storage.ReadAsync(id, default));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reminder_set_before_a_restart_fires_once_after_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using (var before = await StartNodeAsync(database, clock))
        {
            await before.Runtime.GetGrain<ICounterGrain>("tenant-a", "r1").RemindAt(clock.GetUtcNow().AddHours(1));
            await before.Runtime.DeliverDueRemindersAsync();
            Assert.Equal(0, await before.Runtime.GetGrain<ICounterGrain>("tenant-a", "r1").GetRemindersReceived());
        }

        await using var after = await StartNodeAsync(database, clock);
        clock.Advance(TimeSpan.FromHours(1));
        await after.Runtime.DeliverDueRemindersAsync();
        await after.Runtime.DeliverDueRemindersAsync();
        clock.Advance(TimeSpan.FromDays(1));
        await after.Runtime.DeliverDueRemindersAsync();

        var grain = after.Runtime.GetGrain<ICounterGrain>("tenant-a", "r1");
        Assert.Equal(1, await grain.GetRemindersReceived());
        Assert.Empty(await after.Runtime.Reminders.ListAsync(new GrainId("tenant-a", "counter", "r1"), default));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_due_reminder_is_delivered_once_when_two_nodes_poll_at_the_same_time(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var nodeA = await StartNodeAsync(database, clock);
        await using var nodeB = await StartNodeAsync(database, clock);
        for (var i = 0; i < 20; i++)
            await nodeA.Runtime.GetGrain<ICounterGrain>("tenant-a", $"multi-{i}").RemindAt(clock.GetUtcNow().AddMinutes(5));

        clock.Advance(TimeSpan.FromMinutes(5));
        await Task.WhenAll(nodeA.Runtime.DeliverDueRemindersAsync(), nodeB.Runtime.DeliverDueRemindersAsync());
        await Task.WhenAll(nodeA.Runtime.DeliverDueRemindersAsync(), nodeB.Runtime.DeliverDueRemindersAsync());

        await using var reader = await StartNodeAsync(database, clock);
        for (var i = 0; i < 20; i++)
            Assert.Equal(1, await reader.Runtime.GetGrain<ICounterGrain>("tenant-a", $"multi-{i}").GetRemindersReceived());
        Assert.Equal(20, nodeA.Runtime.Statistics.RemindersDelivered + nodeB.Runtime.Statistics.RemindersDelivered);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Idle_grains_are_deactivated_and_come_back_with_their_state(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        var log = new ActivationLog();
        await using var node = await StartNodeAsync(database, clock, o => o.CollectionAge = TimeSpan.FromMinutes(10), log);
        var idle = node.Runtime.GetGrain<ICounterGrain>("tenant-a", "idle");
        var busy = node.Runtime.GetGrain<ICounterGrain>("tenant-a", "busy");
        await idle.Increment();
        await busy.Increment();

        clock.Advance(TimeSpan.FromMinutes(6));
        await busy.Increment();
        clock.Advance(TimeSpan.FromMinutes(5));
        await node.Runtime.CollectIdleActivationsAsync();

        Assert.Equal(1, node.Runtime.Statistics.ActiveActivations);
        Assert.Equal([("idle", DeactivationReason.IdleTimeout)], log.Deactivations);
        Assert.Equal(2, await idle.Increment()); // reactivated with its stored state
        Assert.Equal(3, log.Activations);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_idle_grain_keeps_its_state_packed_and_its_next_calls_see_and_write_it_whole(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        var log = new ActivationLog();
        await using var node = await StartNodeAsync(database, clock, o => (o.CollectionAge, o.StateCompactionAge) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)), log);
        var idle = node.Runtime.GetGrain<ICounterGrain>("tenant-a", "idle");
        var busy = node.Runtime.GetGrain<ICounterGrain>("tenant-a", "busy");
        for (var i = 0; i < 3; i++)
            await idle.Increment();
        await busy.Increment();

        clock.Advance(TimeSpan.FromMinutes(2));
        await busy.Increment();
        await node.Runtime.CollectIdleActivationsAsync();
        Assert.Equal(1, node.Runtime.Statistics.StatesCompacted); // the idle one only
        await node.Runtime.CollectIdleActivationsAsync();
        Assert.Equal(1, node.Runtime.Statistics.StatesCompacted); // packed once

        // Still the same activation, unpacked on the next call, and its next write carries the right version.
        Assert.Equal(3, await idle.GetCount());
        Assert.Equal(4, await idle.Increment());
        Assert.Equal(2, log.Activations);
        await using var other = await StartNodeAsync(database);
        Assert.Equal(4, await other.Runtime.GetGrain<ICounterGrain>("tenant-a", "idle").GetCount());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_number_of_activations_stays_within_the_bound(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var log = new ActivationLog();
        await using var node = await StartNodeAsync(database, configure: o => o.MaxActivations = 10, log: log);

        for (var i = 0; i < 50; i++)
            await node.Runtime.GetGrain<ICounterGrain>("tenant-a", $"g{i}").Increment();

        Assert.InRange(node.Runtime.Statistics.ActiveActivations, 1, 10);
        Assert.Contains(log.Deactivations, d => d.Reason == DeactivationReason.ActivationLimit);
        Assert.Equal(1, await node.Runtime.GetGrain<ICounterGrain>("tenant-a", "g0").GetCount());
    }

    [Fact]
    public async Task A_failed_activation_is_reported_and_the_next_call_activates_afresh()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var node = await StartNodeAsync(database);
        var grain = node.Runtime.GetGrain<IFailingActivationGrain>("tenant-a", "f1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
        Assert.Equal("activation failed", error.Message);
        Assert.Equal(0, node.Runtime.Statistics.ActiveActivations);
        Assert.Equal("pong", await grain.Ping());
    }

    [Fact]
    public async Task An_exception_in_a_grain_call_reaches_the_caller_and_the_grain_keeps_working()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var node = await StartNodeAsync(database);
        var grain = node.Runtime.GetGrain<ICounterGrain>("tenant-a", "thrower");

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail());
        Assert.Equal(1, await grain.Increment());
    }

    [Fact]
    public async Task Grains_of_different_tenants_with_the_same_key_are_different_grains()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var node = await StartNodeAsync(database);

        await node.Runtime.GetGrain<ICounterGrain>("tenant-a", "same").Increment();
        await node.Runtime.GetGrain<ICounterGrain>("tenant-a", "same").Increment();
        await node.Runtime.GetGrain<ICounterGrain>("tenant-b", "same").Increment();

        Assert.Equal(2, await node.Runtime.GetGrain<ICounterGrain>("tenant-a", "same").GetCount());
        Assert.Equal(1, await node.Runtime.GetGrain<ICounterGrain>("tenant-b", "same").GetCount());
    }
}
