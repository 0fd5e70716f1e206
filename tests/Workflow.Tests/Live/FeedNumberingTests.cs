using Dapper;
using Workflow.Engine.Live;
using Workflow.Engine.Storage;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Live;

/// <summary>
/// Feed messages are numbered in the commit that stores them: per user 1, 2, 3... with no gap and no repeat, whatever
/// the number of writers committing at once (four on PostgreSQL), and a batch that fails takes no number.
/// </summary>
public sealed class FeedNumberingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Messages_of_concurrent_commits_are_numbered_per_user_without_gap_or_repeat_and_a_failed_batch_takes_none(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        await using var commits = new GroupCommit(storage, new StorageOptions());

        // Every batch has messages for both users, half of them in the other order (two writers locking the users in
        // their batches' order would wait for each other); every tenth also breaks a unique key after its messages.
        var batches = Enumerable.Range(0, 200).Select(i =>
        {
            var batch = new WriteBatch();
            var users = i % 2 == 0 ? new[] { "ANN", "BOB" } : ["BOB", "ANN"];
            var appends = UserFeed.Add(batch, users.Select(user => Message(user, $"m{i}")).ToList());
            if (i % 10 == 9)
                batch.Add("INSERT INTO grain_state (tenant_id, grain_type, grain_key, payload, version, modified_at_ms) VALUES ('t', 'g', 'same', NULL, 1, 0)", null)
                    .Add("INSERT INTO grain_state (tenant_id, grain_type, grain_key, payload, version, modified_at_ms) VALUES ('t', 'g', 'same', NULL, 1, 0)", null);
            return (Failing: i % 10 == 9, Appends: appends, Committed: commits.CommitAsync(batch));
        }).ToList();
        foreach (var (failing, _, committed) in batches)
            if (failing)
                await Assert.ThrowsAnyAsync<Exception>(() => committed);
            else
                await committed;

        // A message stored before (a turn run again) keeps its number and takes no new one.
        var again = new WriteBatch();
        var repeated = UserFeed.Add(again, [Message("ANN", "m0")]);
        await commits.CommitAsync(again);
        Assert.Empty(repeated.Single().Numbered);

        await using var connection = await storage.OpenConnectionAsync();
        foreach (var user in new[] { "ANN", "BOB" })
        {
            var stored = (await connection.QueryAsync<(long Sequence, string MessageId)>(
                "SELECT sequence, message_id FROM feed_messages WHERE tenant_id = 't' AND user_id = @User ORDER BY sequence", new { User = user })).ToList();
            Assert.Equal(Enumerable.Range(1, 180).Select(n => (long)n), stored.Select(s => s.Sequence));
            var told = batches.Where(b => !b.Failing).SelectMany(b => b.Appends).SelectMany(a => a.Numbered).Where(m => m.UserId == user)
                .OrderBy(m => m.Sequence).Select(m => (m.Sequence, m.MessageId));
            Assert.Equal(stored, told);
            Assert.DoesNotContain(stored, s => s.MessageId.EndsWith('9'));
        }
    }

    private static FeedMessage Message(string user, string id) => new(
        0, id, FeedMessageType.ApprovalEntryChanged, DateTimeOffset.UnixEpoch, "t", user, "PURCHASE_DOCUMENT", "PI-1",
        null, null, null, null, null, null, null, "Title", "Text");
}
