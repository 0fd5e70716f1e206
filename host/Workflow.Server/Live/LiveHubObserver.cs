using Microsoft.AspNetCore.SignalR;
using Workflow.Engine.Live;

namespace Workflow.Server.Live;

/// <summary>This node's hub as grains on every silo reach it: what they push goes to this node's connections of the users concerned.</summary>
public sealed class LiveHubObserver(IHubContext<NotificationsHub> hub, LiveWatches watches) : ILiveHubObserver
{
    public async Task Feed(IReadOnlyList<FeedMessage> messages)
    {
        foreach (var message in messages)
            await hub.Clients.Group(NotificationsHub.UserGroup(message.TenantId, message.UserId)).SendAsync("Feed", message);
    }

    public async Task Progress(InstanceProgress progress)
    {
        if (watches.Watching(progress) is { Count: > 0 } connections)
            await hub.Clients.Clients(connections).SendAsync("InstanceProgress", progress);
    }
}

/// <summary>
/// Registers this node's hub with the cluster's hub list at start (before the node serves anyone) and again every two
/// seconds, so the list refills if the silo holding it is lost, and so a registration that landed in a second activation
/// of the list while this silo was joining (the directory settles after the join; the duplicate is dropped with what it
/// held) is made again within seconds.
/// </summary>
public sealed class LiveHubRegistration(IGrainFactory grains, ILocalSiloDetails silo, LiveHubObserver hub, ILogger<LiveHubRegistration> logger) : IHostedService
{
    // A cadence of the cluster's machinery, real time. One small call per node per period.
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    private ILiveHubObserver? _reference;
    private Task _loop = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Kept for the node's life: the reference lives only as long as this object does.
        _reference = grains.CreateObjectReference<ILiveHubObserver>(hub);
        await RegisterAsync();
        _loop = RenewAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        try
        {
            if (_reference is not null)
                grains.DeleteObjectReference<ILiveHubObserver>(_reference);
        }
        catch (ArgumentException)
        {
            // The silo stopping with the host dropped it already.
        }
    }

    private Task RegisterAsync() => grains.GetGrain<ILiveHubListGrain>(0).Register(silo.SiloAddress, _reference!);

    private async Task RenewAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Renewal, _stopping.Token);
                await RegisterAsync();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Registering this node's live hub failed; trying again next period");
            }
        }
    }
}
