using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Grains;
using Workflow.Engine.Identity;
using Workflow.Engine.Plugins;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Hosting;

/// <summary>
/// Starts the engine in order: schema migrations, bootstrap identity, plugins, then the grain runtime; stops the runtime
/// (deactivating grains) on shutdown. Used as a hosted service by the server, and directly by tests and benchmarks.
/// </summary>
public sealed class WorkflowEngineHost(IServiceProvider services, ILogger<WorkflowEngineHost> logger) : IHostedService
{
    /// <summary>The plugins' catalogue, once loaded at start.</summary>
    public WorkflowCatalog? Catalog { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<IStorageProvider>();
        await storage.MigrateAsync(cancellationToken);
        logger.LogInformation("Storage: {Provider}, schema up to date", storage.Name);

        await services.GetRequiredService<IdentityBootstrap>().EnsureAsync(cancellationToken);

        var catalog = await services.GetRequiredService<PluginLoader>().LoadAsync(services.GetRequiredService<PluginOptions>().Directory, cancellationToken);
        Catalog = catalog;
        logger.LogInformation("Plugins: {Loaded} loaded, {Failed} failed",
            catalog.Plugins.Count(p => p.Status == PluginStatus.Loaded), catalog.Plugins.Count(p => p.Status == PluginStatus.Failed));

        services.GetRequiredService<GrainRuntime>().Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => services.GetRequiredService<GrainRuntime>().StopAsync();
}
