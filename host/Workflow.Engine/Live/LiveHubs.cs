using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Live;

/// <summary>
/// Pushes to every node's hub. The list is asked of <see cref="ILiveHubListGrain"/> at most once a second per node: a
/// push is a hint beside the stored feed, so one a node joining this second misses is read by its client from the feed.
/// </summary>
public sealed class LiveHubs(IGrainFactory grains, ILogger<LiveHubs> logger)
{
    // A cadence of the cluster's machinery, not business time: real time even while tests move the engine's clock.
    private static readonly TimeSpan ListAge = TimeSpan.FromSeconds(1);
    private (long At, IReadOnlyList<ILiveHubObserver> Hubs)? _cached;

    /// <summary>The hubs now, asked again rather than cached (a test that waits for a node to join).</summary>
    public async Task<IReadOnlyList<ILiveHubObserver>> CurrentAsync()
    {
        var hubs = await grains.GetGrain<ILiveHubListGrain>(0).Hubs();
        _cached = (Environment.TickCount64, hubs);
        return hubs;
    }

    public Task FeedAsync(IReadOnlyList<FeedMessage> messages) =>
        messages.Count == 0 ? Task.CompletedTask : EachAsync(hub => hub.Feed(messages));

    public Task ProgressAsync(IReadOnlyList<InstanceProgress> progress) =>
        progress.Count == 0 ? Task.CompletedTask : EachAsync(async hub =>
        {
            foreach (var step in progress)
                await hub.Progress(step);
        });

    private async Task EachAsync(Func<ILiveHubObserver, Task> push)
    {
        try
        {
            var hubs = _cached is { } cached && Environment.TickCount64 - cached.At < ListAge.TotalMilliseconds ? cached.Hubs : await CurrentAsync();
            foreach (var hub in hubs)
                await push(hub);
        }
        catch (Exception exception)
        {
            // The stored feed has it; a client reads it from there.
            logger.LogWarning(exception, "A live push failed");
        }
    }
}
