using Orleans.Concurrency;
using Workflow.Engine.Grains;

namespace Workflow.Engine.Live;

/// <summary>One user's live feed (key: tenant/user): pushes the user's messages to every node's hub in sequence order.</summary>
[Alias("wf.user-feed")]
public interface IUserFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Pushes messages just committed (and numbered in their commit) after any committed before them that were not pushed
    /// yet. One-way: the turn that stored them does not wait for it.
    /// </summary>
    [OneWay]
    Task Push(IReadOnlyList<FeedMessage> numbered);
}

/// <summary>
/// Turns that commit one after the other may reach this grain in the other order (they run on different grains, maybe
/// different silos), and a client takes only sequences above the last it saw. So the grain keeps the last sequence it
/// pushed and, when what arrives is not the next one, reads the ones between from the store, where they are committed
/// already (numbering follows commit order). Holds only that sequence; a new activation starts from the first it gets.
/// </summary>
[GrainType("user-feed")]
public sealed class UserFeedGrain(UserFeed feed, LiveHubs hubs) : Grain, IUserFeedGrain
{
    private long? _lastPushed;

    public async Task Push(IReadOnlyList<FeedMessage> numbered)
    {
        if (numbered.Count == 0)
            return;
        var first = numbered.Min(m => m.Sequence);
        var last = _lastPushed ??= first - 1;
        IReadOnlyList<FeedMessage> next;
        if (first > last + 1)
        {
            var (tenantId, userId) = TenantGrainKey.Parse(this.GetPrimaryKeyString());
            next = await feed.ListAsync(tenantId, userId, last, UserFeed.MaxPage, CancellationToken.None);
        }
        else
            next = numbered.Where(m => m.Sequence > last).OrderBy(m => m.Sequence).ToList();
        if (next.Count == 0)
            return;
        _lastPushed = next[^1].Sequence;
        await hubs.FeedAsync(next);
    }
}

/// <summary>How a turn that stored feed messages hands them to their users' feeds.</summary>
public static class UserFeedAnnouncement
{
    /// <summary>After the commit of <paramref name="appends"/>: asks each user's feed to push what it numbered; does not wait.</summary>
    public static void PushFeeds(this IGrainFactory grains, IEnumerable<UserFeed.FeedAppend> appends)
    {
        foreach (var append in appends)
            if (append.Numbered.Count > 0)
                grains.GetTenantGrain<IUserFeedGrain>(append.Numbered[0].TenantId, append.Numbered[0].UserId).Push(append.Numbered.ToList());
    }
}
