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
public sealed class UserFeed(IStorageProvider storage, LiveOptions options, TimeProvider clock)
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
        // Serialized by the turn that adds them, not inside the commit: on SQLite the one writer is what limits a node.
        private readonly List<string> _json;
        private readonly List<FeedMessage> _numbered = [];

        internal FeedAppend(string tenantId, string userId, List<FeedMessage> messages) =>
            (_tenantId, _userId, _messages, _json) = (tenantId, userId, messages, messages.Select(m => JsonSerializer.Serialize(m with { Sequence = 0 }, Json)).ToList());

        /// <summary>The messages this write stored, with their sequences (not one that was stored before); set by the commit.</summary>
        public IReadOnlyList<FeedMessage> Numbered => _numbered;

        string ICommitOrderedWrite.OrderKey => TenantGrainKey.For(_tenantId, _userId);

        IReadOnlyList<(string Sql, WriteBatch.ParameterSet Values)> ICommitOrderedWrite.Statements => _messages
            .Select((message, i) => (Insert, new WriteBatch.ParameterSet(Parameters,
                [_tenantId, _userId, message.MessageId, message.Type, message.OccurredAt.ToUnixTimeMilliseconds(), _json[i]])))
            .ToList();

        void ICommitOrderedWrite.Stored(IReadOnlyList<object?> returned)
        {
            _numbered.Clear();
            for (var i = 0; i < _messages.Count; i++)
                if (returned[i] is { } sequence)
                    _numbered.Add(_messages[i] with { Sequence = Convert.ToInt64(sequence, CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>
    /// The user's numbered messages after <paramref name="afterSequence"/>, in order, at most <paramref name="take"/>.
    /// When some of them are no longer kept (removed after the retention), the answer starts with a
    /// <see cref="FeedMessageType.ReloadRequired"/> message whose sequence is the last one removed, instead of going on
    /// as if nothing were missing.
    /// </summary>
    public async Task<IReadOnlyList<FeedMessage>> ListAsync(string tenantId, string userId, long afterSequence, int take, CancellationToken cancellationToken)
    {
        take = Math.Clamp(take, 1, MaxPage);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Sequence, string Json)>(new CommandDefinition(
            """
            SELECT sequence, message_json FROM feed_messages
            WHERE tenant_id = @TenantId AND user_id = @UserId AND sequence > @After ORDER BY sequence LIMIT @Take
            """, new { TenantId = tenantId, UserId = userId, After = afterSequence, Take = take }, cancellationToken: cancellationToken))).ToList();
        var messages = rows.Select(r => Read(r.Json) with { Sequence = r.Sequence }).ToList();

        // Sequences are numbered without gaps from 1 (the unique index refuses a second numbering), so a first message
        // past the next one means the ones between were removed.
        if (messages.Count == 0 || messages[0].Sequence == afterSequence + 1)
            return messages;
        var removedThrough = messages[0].Sequence - 1;
        var reload = new FeedMessage(removedThrough, $"reload-required:{removedThrough}", FeedMessageType.ReloadRequired, clock.GetUtcNow(), tenantId, userId,
            "", "", null, null, null, null, null, null, null,
            "Some live messages are no longer kept",
            $"Messages {afterSequence + 1} to {removedThrough} were removed after {options.FeedRetention.TotalDays:0.##} days: load your lists again.");
        return [reload, .. messages.Take(take - 1)];
    }

    /// <summary>
    /// Removes numbered messages that happened before <paramref name="before"/>, a chunk at a time so no transaction
    /// holds the store for long, except each user's newest (their last sequence, which numbering goes on from).
    /// </summary>
    internal async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        const int Chunk = 1000;
        var removed = 0;
        while (true)
        {
            await using var connection = await storage.OpenConnectionAsync(cancellationToken);
            await using var transaction = await storage.BeginWriteTransactionAsync(connection, cancellationToken);
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM feed_messages WHERE (tenant_id, user_id, message_id) IN (
                    SELECT m.tenant_id, m.user_id, m.message_id FROM feed_messages m
                    WHERE m.occurred_at_ms < @Before AND m.sequence IS NOT NULL
                      AND m.sequence < (SELECT MAX(f.sequence) FROM feed_messages f WHERE f.tenant_id = m.tenant_id AND f.user_id = m.user_id)
                    LIMIT @Chunk)
                """, new { Before = before.ToUnixTimeMilliseconds(), Chunk }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            removed += rows;
            if (rows < Chunk)
                return removed;
        }
    }

    private static FeedMessage Read(string json) =>
        JsonSerializer.Deserialize<FeedMessage>(json, Json) ?? throw new InvalidOperationException("A stored feed message is empty.");
}
