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
/// Raises the events grains stored in the outbox, every poll interval.
/// </summary>
public sealed class EventOutboxRelayService(IServiceProvider services, WorkflowEngineOptions options, ILogger<EventOutboxRelayService> logger)
    : PollingService(options.OutboxPollInterval, logger)
{
    protected override string Work => "Raising stored events";

    protected override async Task PollAsync(CancellationToken stoppingToken)
    {
        await services.GetRequiredService<EventOutboxRelay>().RaiseDueAsync(stoppingToken);
    }
}
