using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Workflow.Engine.Grains;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Live;

/// <summary>
/// The stored side of users' live feeds. Grain turns add messages in the transaction of the turn that caused them, so a
/// message exists exactly when what it tells of does, numbered there per user in the order those transactions commit
/// (<see cref="WriteBatch.AddInCommitOrder"/>): a client never sees a sequence with an uncommitted one below it.
/// </summary>
public sealed class UserFeed(IStorageProvider storage)
{
    /// <summary>The most a read returns; a client asks again from the last sequence it got.</summary>
    public const int MaxPage = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds the messages to the writes of the turn that caused them, numbered in its commit; one already stored (a
    /// retried turn) stays as it is. Once the batch is committed, each <see cref="FeedAppend.Numbered"/> holds what it
    /// added, with sequences, for the turn to push (<see cref="UserFeedAnnouncement.PushFeeds"/>).
    /// </summary>
    public static IReadOnlyList<FeedAppend> Add(WriteBatch batch, IReadOnlyCollection<FeedMessage> messages)
    {
        var appends = messages.GroupBy(m => (m.TenantId, m.UserId))
            .Select(user => new FeedAppend(user.Key.TenantId, user.Key.UserId, user.ToList())).ToList();
        foreach (var append in appends)
            batch.AddInCommitOrder(append);
        return appends;
    }

    /// <summary>One user's messages of a turn, each numbered after the last sequence committed before it.</summary>
    public sealed class FeedAppend : ICommitOrderedWrite
    {
        // Each row reads its number under the user's lock (SQLite: in its one write transaction), so a message stored
        // before takes no number and the feed has no gap. The WHERE also keeps SQLite from reading ON CONFLICT as a join.
        private const string Insert = """
            INSERT INTO feed_messages (tenant_id, user_id, message_id, sequence, message_type, occurred_at_ms, message_json)
            SELECT @TenantId, @UserId, @MessageId, COALESCE(MAX(sequence), 0) + 1, @MessageType, @OccurredAt, @MessageJson
            FROM feed_messages WHERE tenant_id = @TenantId AND user_id = @UserId
            ON CONFLICT (tenant_id, user_id, message_id) DO NOTHING
            RETURNING sequence
            """;
        private static readonly string[] Parameters = ["TenantId", "UserId", "MessageId", "MessageType", "OccurredAt", "MessageJson"];

        private readonly string _tenantId, _userId;
        private readonly List<FeedMessage> _messages;
        private readonly List<FeedMessage> _numbered = [];

        internal FeedAppend(string tenantId, string userId, List<FeedMessage> messages) =>
            (_tenantId, _userId, _messages) = (tenantId, userId, messages);

        /// <summary>The messages this write stored, with their sequences (not one that was stored before); set by the commit.</summary>
        public IReadOnlyList<FeedMessage> Numbered => _numbered;

        string ICommitOrderedWrite.OrderKey => TenantGrainKey.For(_tenantId, _userId);

        async Task ICommitOrderedWrite.ExecuteAsync(PreparedStatements statements, DbTransaction transaction)
        {
            _numbered.Clear();
            foreach (var message in _messages)
            {
                var values = new WriteBatch.ParameterSet(Parameters,
                    [_tenantId, _userId, message.MessageId, message.Type, message.OccurredAt.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(message with { Sequence = 0 }, Json)]);
                if (await statements.ScalarAsync(transaction, Insert, values) is { } sequence)
                    _numbered.Add(message with { Sequence = Convert.ToInt64(sequence, CultureInfo.InvariantCulture) });
            }
        }
    }

    /// <summary>The user's numbered messages after <paramref name="afterSequence"/>, in order, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<FeedMessage>> ListAsync(string tenantId, string userId, long afterSequence, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Sequence, string Json)>(new CommandDefinition(
            """
            SELECT sequence, message_json FROM feed_messages
            WHERE tenant_id = @TenantId AND user_id = @UserId AND sequence > @After ORDER BY sequence LIMIT @Take
            """, new { TenantId = tenantId, UserId = userId, After = afterSequence, Take = Math.Clamp(take, 1, MaxPage) }, cancellationToken: cancellationToken));
        return rows.Select(r => Read(r.Json) with { Sequence = r.Sequence }).ToList();
    }

    private static FeedMessage Read(string json) =>
        JsonSerializer.Deserialize<FeedMessage>(json, Json) ?? throw new InvalidOperationException("A stored feed message is empty.");
}
