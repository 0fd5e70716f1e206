using Orleans.Concurrency;

namespace Workflow.Engine.Live;

/// <summary>
/// A node's SignalR hub as the cluster reaches it: every server registers one with the <see cref="ILiveHubListGrain"/>,
/// and grains on any silo push through it to the clients connected to that node. Best effort and one-way (a slow or
/// lost node holds no grain up): the feed stored beside it is what a client that missed a push asks for.
/// </summary>
[Alias("wf.live-hub-observer")]
public interface ILiveHubObserver : IGrainObserver
{
    /// <summary>Numbered feed messages, each for its own user, in sequence order per user.</summary>
    [OneWay]
    Task Feed(IReadOnlyList<FeedMessage> messages);

    /// <summary>A step an instance took, for the administrators of its tenant who watch it.</summary>
    [OneWay]
    Task Progress(InstanceProgress progress);
}
