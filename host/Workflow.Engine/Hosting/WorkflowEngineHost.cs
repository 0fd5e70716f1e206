using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Approvals;
using Workflow.Engine.Outbox;
using Workflow.Engine.Live;
using Workflow.Engine.Identity;
using Workflow.Engine.Plugins;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Hosting;

/// <summary>
/// Prepares the engine before its Orleans silo starts: schema migrations (which also create the tables Orleans'
/// clustering and reminders use), bootstrap identity, then plugins. A hosted service registered ahead of the silo's, so
/// the host starts it first.
/// </summary>
/// <remarks>
/// Its collaborators are taken at construction: the host may stop it while the container is already being disposed.
/// </remarks>
public sealed class WorkflowEngineHost(
    IStorageProvider storage,
    IdentityBootstrap bootstrap,
    PluginLoader pluginLoader,
    PluginOptions pluginOptions,
    ApprovalsCatalog approvals,
    ILogger<WorkflowEngineHost> logger) : IHostedService
{
    /// <summary>The plugins' catalogue, once loaded at start.</summary>
    public WorkflowCatalog? Catalog { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.MigrateAsync(cancellationToken);
        logger.LogInformation("Storage: {Provider}, schema up to date", storage.Name);

        await bootstrap.EnsureAsync(cancellationToken);

        Catalog = await pluginLoader.LoadAsync(pluginOptions.Directory, [approvals], cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Raises the events grains stored in the outbox, every poll interval. A hosted service of its own, started after the
/// engine: the relay raises events through services that need the plugins' catalogue, which exists only once the engine
/// has started, so it is resolved at start rather than injected (hosted services are all created before any starts).
/// </summary>
public sealed class EventOutboxRelayService(IServiceProvider services, WorkflowEngineOptions options, ILogger<EventOutboxRelayService> logger)
    : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private EventOutboxRelay? _relay;
    private UserFeedSweep? _feeds;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _relay = services.GetRequiredService<EventOutboxRelay>();
        _feeds = services.GetRequiredService<UserFeedSweep>();
        _loop = RelayStoredEventsAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task RelayStoredEventsAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                // A polling cadence, not a business time: it runs on real time even while tests move the engine's clock.
                await Task.Delay(options.OutboxPollInterval, _stopping.Token);
                await _relay!.RaiseDueAsync(_stopping.Token);
                // Feed messages whose numbering a lost node or a failure interrupted, on the same cadence.
                await _feeds!.SweepAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Raising stored events failed; trying again next period");
            }
        }
    }
}
