using System.Text.Json;
using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Live;

/// <summary>
/// The stored side of users' live feeds. Grain turns add messages unnumbered, in the transaction of the turn that caused
/// them, so a message exists exactly when what it tells of does; <see cref="UserFeedGrain"/> numbers them. Only numbered
/// messages are read: a client never sees a sequence with an unnumbered (or uncommitted) one below it.
/// </summary>
public sealed class UserFeed(IStorageProvider storage)
{
    /// <summary>The most a read returns; a client asks again from the last sequence it got.</summary>
    public const int MaxPage = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the messages to the writes of the turn that caused them; one already stored (a retried turn) stays as it is.</summary>
    public static void Add(WriteBatch batch, IReadOnlyCollection<FeedMessage> messages) =>
        batch.AddRows("feed_messages", messages, "ON CONFLICT (tenant_id, user_id, message_id) DO NOTHING",
            ("tenant_id", m => m.TenantId), ("user_id", m => m.UserId), ("message_id", m => m.MessageId), ("sequence", _ => null),
            ("message_type", m => m.Type), ("occurred_at_ms", m => m.OccurredAt.ToUnixTimeMilliseconds()),
            ("message_json", m => JsonSerializer.Serialize(m with { Sequence = 0 }, Json)));

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

    /// <summary>The user's messages not numbered yet, in the order they happened.</summary>
    internal async Task<IReadOnlyList<FeedMessage>> UnnumberedAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT message_json FROM feed_messages
            WHERE tenant_id = @TenantId AND user_id = @UserId AND sequence IS NULL ORDER BY occurred_at_ms, message_id LIMIT @Take
            """, new { TenantId = tenantId, UserId = userId, Take = MaxPage }, cancellationToken: cancellationToken));
        return rows.Select(Read).ToList();
    }

    internal async Task<long> LastSequenceAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(sequence) FROM feed_messages WHERE tenant_id = @TenantId AND user_id = @UserId",
            new { TenantId = tenantId, UserId = userId }, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>
    /// Numbers the messages (given their sequences) in one batch; fails as a whole when one was numbered already, which
    /// only a second writer for the same user (an activation the cluster has not yet resolved) can have done.
    /// </summary>
    internal static void Number(WriteBatch batch, IReadOnlyList<FeedMessage> numbered) =>
        batch.Add(
            """
            UPDATE feed_messages SET sequence = @Sequence
            WHERE tenant_id = @TenantId AND user_id = @UserId AND message_id = @MessageId AND sequence IS NULL
            """,
            numbered.Select(m => new { m.TenantId, m.UserId, m.MessageId, m.Sequence }).ToList(),
            rows => rows == numbered.Count ? null : new InvalidOperationException("Feed messages were numbered by another writer."));

    /// <summary>Users with messages left unnumbered since before <paramref name="before"/> (their numbering was interrupted).</summary>
    internal async Task<IReadOnlyList<(string TenantId, string UserId)>> UsersWithUnnumberedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT DISTINCT tenant_id, user_id FROM feed_messages WHERE sequence IS NULL AND occurred_at_ms < @Before LIMIT 200",
            new { Before = before.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))).ToList();
    }

    private static FeedMessage Read(string json) =>
        JsonSerializer.Deserialize<FeedMessage>(json, Json) ?? throw new InvalidOperationException("A stored feed message is empty.");
}
