using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Grains;
using Workflow.Engine.Hosting;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>
/// One in-process engine node (no HTTP), started the way the server starts it: migrations, bootstrap tenant, the
/// built-in plugins from <c>plugins/</c> beside this program, then the grain runtime. Background loops (collection,
/// reminders, outbox polling) are slowed down so they do not run during measurements.
/// </summary>
public sealed class EngineNode : IAsyncDisposable
{
    public const string Tenant = "default";

    private readonly ServiceProvider _services;
    private readonly WorkflowEngineHost _host;

    private EngineNode(ServiceProvider services)
    {
        _services = services;
        _host = services.GetRequiredService<WorkflowEngineHost>();
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<EngineNode> StartAsync(string connectionString, Action<GrainRuntimeOptions>? configureGrains = null)
    {
        var options = new WorkflowEngineOptions
        {
            Storage = { ConnectionString = connectionString },
            Grains = { CollectionQuantum = TimeSpan.FromHours(1), ReminderPollInterval = TimeSpan.FromHours(1) },
            Plugins = { Directory = Path.Combine(AppContext.BaseDirectory, "plugins") },
            Bootstrap = { AdminToken = "wf_bench-admin-token-0123456789abcdefghijkl" },
        };
        configureGrains?.Invoke(options.Grains);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflowEngine(options);
        var node = new EngineNode(services.BuildServiceProvider());
        // Only the engine host is started, not the outbox polling service: callers relay their own events, as the API does.
        await node._host.StartAsync(CancellationToken.None);
        var failed = node._host.Catalog!.Plugins.Where(p => p.Status != Workflow.Engine.Plugins.PluginStatus.Loaded).ToList();
        if (node._host.Catalog.Plugins.Count == 0 || failed.Count > 0)
            throw new InvalidOperationException($"Built-in plugins did not load from {options.Plugins.Directory}: {string.Join("; ", failed.Select(f => f.Name))}");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
