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
/// <remarks>
/// Its collaborators are taken at construction: the host may stop it while the container is already being disposed.
/// </remarks>
public sealed class WorkflowEngineHost(
    IStorageProvider storage,
    IdentityBootstrap bootstrap,
    PluginLoader pluginLoader,
    PluginOptions pluginOptions,
    GrainRuntime runtime,
    ILogger<WorkflowEngineHost> logger) : IHostedService
{
    /// <summary>The plugins' catalogue, once loaded at start.</summary>
    public WorkflowCatalog? Catalog { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.MigrateAsync(cancellationToken);
        logger.LogInformation("Storage: {Provider}, schema up to date", storage.Name);

        await bootstrap.EnsureAsync(cancellationToken);

        Catalog = await pluginLoader.LoadAsync(pluginOptions.Directory, cancellationToken);

        runtime.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync();
}
