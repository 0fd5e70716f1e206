using Orleans.Concurrency;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Grains;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Live;

/// <summary>One user's live feed (key: tenant/user), the one writer that numbers its messages.</summary>
[Alias("wf.user-feed")]
public interface IUserFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Numbers the user's messages stored since, then pushes them to every node's hub. One-way: the turn that stored
    /// them does not wait for it; a numbering that never ran is run by the periodic sweep.
    /// </summary>
    [OneWay]
    Task NumberNew();
}

/// <summary>
/// Numbers a user's feed messages in the order it finds them committed: one call at a time, each commit done before the
/// next one reads, so sequence N is durable before N+1 exists. Holds only the last sequence, read back on activation.
/// </summary>
[GrainType("user-feed")]
public sealed class UserFeedGrain(UserFeed feed, GroupCommit commits, LiveHubs hubs, ILogger<UserFeedGrain> logger) : Grain, IUserFeedGrain
{
    private long? _lastSequence;

    public async Task NumberNew()
    {
        var (tenantId, userId) = TenantGrainKey.Parse(this.GetPrimaryKeyString());
        for (var page = 0; page < 20; page++)
        {
            var unnumbered = await feed.UnnumberedAsync(tenantId, userId, CancellationToken.None);
            if (unnumbered.Count == 0)
                return;
            var last = _lastSequence ??= await feed.LastSequenceAsync(tenantId, userId, CancellationToken.None);
            var numbered = unnumbered.Select((m, i) => m with { Sequence = last + 1 + i }).ToList();
            var batch = new WriteBatch();
            UserFeed.Number(batch, numbered);
            try
            {
                await commits.CommitAsync(batch);
            }
            catch (Exception exception)
            {
                // Another writer got there first (or the database failed): read the last sequence again next time.
                _lastSequence = null;
                logger.LogWarning(exception, "Numbering the live feed of {User} in {Tenant} failed; it is tried again", userId, tenantId);
                throw;
            }
            _lastSequence = numbered[^1].Sequence;
            await hubs.FeedAsync(numbered);
            if (unnumbered.Count < UserFeed.MaxPage)
                return;
        }
    }
}

/// <summary>How a turn that stored feed messages hands them to their users' feeds.</summary>
public static class UserFeedAnnouncement
{
    /// <summary>Asks the feed of every user the messages are for to number them; does not wait.</summary>
    public static void AnnounceFeeds(this IGrainFactory grains, string tenantId, IEnumerable<FeedMessage> messages)
    {
        foreach (var userId in messages.Select(m => m.UserId).Distinct(StringComparer.Ordinal))
            grains.GetTenantGrain<IUserFeedGrain>(tenantId, userId).NumberNew().Ignore();
    }
}
