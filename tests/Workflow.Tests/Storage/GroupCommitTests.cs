using System.Diagnostics;
using Dapper;
using Npgsql;
using Workflow.Engine.Live;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Workflow.Engine.Grains;
using Workflow.Engine.Storage;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Storage;

public sealed class GroupCommitTests
{
    private const string InsertState =
        "INSERT INTO grain_state (tenant_id, grain_type, grain_key, payload, version, modified_at_ms) VALUES ('t', 'g', @Key, @Payload, 1, 0)";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batches_waiting_together_share_commits_and_every_one_is_durable_when_acknowledged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        await using var commits = new GroupCommit(storage, new StorageOptions());

        // Queued all at once, as many grain turns finishing together would.
        var acknowledged = Enumerable.Range(0, 300)
            .Select(i => commits.CommitAsync(new WriteBatch().Add(InsertState, new { Key = $"k{i}", Payload = $"p{i}" })))
            .ToList();
        await Task.WhenAll(acknowledged);

        await using var connection = await storage.OpenConnectionAsync();
        Assert.Equal(300, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM grain_state WHERE tenant_id = 't'"));
        var (commitCount, batchCount, _, _) = commits.Statistics;
        Assert.Equal(300, batchCount);
        Assert.True(commitCount < batchCount, $"300 batches queued together took {commitCount} commits: they were not grouped");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_batch_is_rolled_back_alone_and_the_others_of_its_group_commit(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        await using var commits = new GroupCommit(storage, new StorageOptions());
        var grains = new WorkflowGrainStorage(storage, commits, TimeProvider.System);
        var stale = GrainId.Create("g", TenantGrainKey.For("t", "stale"));
        var current = new GrainState<Workflow.Tests.Grains.CounterState>(new() { Count = 1 });
        await grains.WriteStateAsync("state", stale, current);
        var outdated = new GrainState<Workflow.Tests.Grains.CounterState>(new() { Count = 99 }) { ETag = current.ETag };
        current.State!.Count = 2;
        await grains.WriteStateAsync("state", stale, current);

        // Between two good batches: a state write on an outdated version, with a side row that must not survive it,
        // and a batch whose second statement breaks a unique key after its first succeeded.
        var before = commits.CommitAsync(new WriteBatch().Add(InsertState, new { Key = "before", Payload = "b" }));
        outdated.State!.SideRows = new WriteBatch().Add(InsertState, new { Key = "side", Payload = "s" });
        var conflicting = grains.WriteStateAsync("state", stale, outdated);
        var duplicate = commits.CommitAsync(new WriteBatch()
            .Add(InsertState, new { Key = "half", Payload = "h" })
            .Add(InsertState, new { Key = "before", Payload = "again" }));
        var after = commits.CommitAsync(new WriteBatch().Add(InsertState, new { Key = "after", Payload = "a" }));

        await before;
        await after;
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        var violation = await Assert.ThrowsAnyAsync<Exception>(() => duplicate);
        Assert.True(storage.IsUniqueViolation(violation), violation.ToString());

        await using var connection = await storage.OpenConnectionAsync();
        var keys = (await connection.QueryAsync<string>("SELECT grain_key FROM grain_state WHERE tenant_id = 't' ORDER BY grain_key")).ToList();
        Assert.Equal(["after", "before", "stale"], keys);
        var stored = new GrainState<Workflow.Tests.Grains.CounterState>(new());
        await grains.ReadStateAsync("state", stale, stored);
        Assert.Equal((2, current.ETag), (stored.State!.Count, stored.ETag));
        Assert.Equal("b", await connection.ExecuteScalarAsync<string>("SELECT payload FROM grain_state WHERE tenant_id = 't' AND grain_key = 'before'"));
    }

    [Fact]
    public async Task On_PostgreSQL_a_group_and_its_feed_numbering_reach_the_server_in_one_call()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        var calls = 0;
        // Other tests run beside this one: count only the calls to this test's database.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TagObjects.Any(tag => tag.Key.StartsWith("db.", StringComparison.Ordinal) && Equals(tag.Value, name)))
                    Interlocked.Increment(ref calls);
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var commits = new GroupCommit(storage, new StorageOptions { CommitWriters = 1 });

        // Each turn writes its state and a message to a user's feed: three statements one by one (the insert, the
        // user's lock, the numbered insert).
        var appends = new List<IReadOnlyList<UserFeed.FeedAppend>>();
        var acknowledged = Enumerable.Range(0, 100).Select(i =>
        {
            var batch = new WriteBatch().Add(InsertState, new { Key = $"k{i}", Payload = "p" });
            appends.Add(UserFeed.Add(batch, [new FeedMessage(0, $"m{i}", FeedMessageType.ApprovalEntryChanged, DateTimeOffset.UnixEpoch, "t",
                i % 2 == 0 ? "ANN" : "BOB", "PURCHASE_DOCUMENT", "PI-1", null, null, null, null, null, null, null, "Title", "Text")]));
            return commits.CommitAsync(batch);
        }).ToList();
        await Task.WhenAll(acknowledged);

        var (commitCount, _, _, _) = commits.Statistics;
        Assert.True(calls <= commitCount + 2, $"{commitCount} commits of 100 turns made {calls} calls to the server");
        // The numbers each turn got back are the ones stored: per user 1 to 50, in commit order.
        var numbered = appends.SelectMany(a => a.SelectMany(append => append.Numbered)).ToList();
        Assert.Equal(100, numbered.Count);
        foreach (var user in new[] { "ANN", "BOB" })
            Assert.Equal(Enumerable.Range(1, 50).Select(n => (long)n), numbered.Where(m => m.UserId == user).Select(m => m.Sequence).Order());
        await using var connection = await storage.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string MessageId, long Sequence)>("SELECT message_id, sequence FROM feed_messages")).ToDictionary(r => r.MessageId, r => r.Sequence);
        Assert.All(numbered, m => Assert.Equal(stored[m.MessageId], m.Sequence));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stopping_commits_what_was_queued_and_refuses_what_comes_after(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        var commits = new GroupCommit(storage, new StorageOptions());

        var queued = Enumerable.Range(0, 50)
            .Select(i => commits.CommitAsync(new WriteBatch().Add(InsertState, new { Key = $"q{i}", Payload = "q" })))
            .ToList();
        await commits.DisposeAsync();

        await Task.WhenAll(queued);
        Assert.Throws<ObjectDisposedException>(() => { _ = commits.CommitAsync(new WriteBatch().Add(InsertState, new { Key = "late", Payload = "l" })); });
        await using var connection = await storage.OpenConnectionAsync();
        Assert.Equal(50, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM grain_state WHERE tenant_id = 't'"));
    }
}
