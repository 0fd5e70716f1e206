using Orleans.Concurrency;
using Orleans.Runtime;

namespace Workflow.Engine.Live;

/// <summary>The nodes' hubs (one per silo), as the cluster's single list of where live pushes go.</summary>
[Alias("wf.live-hub-list")]
public interface ILiveHubListGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews the hub of <paramref name="silo"/>; a node calls it periodically, so a list lost with its silo refills.</summary>
    Task Register(SiloAddress silo, ILiveHubObserver hub);

    /// <summary>The hubs of the silos that have not left the cluster.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ILiveHubObserver>> Hubs();
}

/// <summary>
/// The GPSTracker pattern of the Orleans samples: each node registers an observer of its hub; a hub whose silo has left
/// the cluster is dropped, so pushes are not sent to a dead node.
/// </summary>
[Reentrant]
[GrainType("live-hub-list")]
public sealed class LiveHubListGrain(IClusterMembershipService membership) : Grain, ILiveHubListGrain
{
    private readonly Dictionary<SiloAddress, ILiveHubObserver> _hubs = [];

    public Task Register(SiloAddress silo, ILiveHubObserver hub)
    {
        _hubs[silo] = hub;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveHubObserver>> Hubs()
    {
        var members = membership.CurrentSnapshot;
        foreach (var silo in _hubs.Keys.ToList())
            // A silo still joining may not be in this silo's view yet: only one known to be going or gone is dropped.
            if (members.GetSiloStatus(silo) is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping)
                _hubs.Remove(silo);
        return Task.FromResult<IReadOnlyList<ILiveHubObserver>>(_hubs.Values.ToList());
    }
}
