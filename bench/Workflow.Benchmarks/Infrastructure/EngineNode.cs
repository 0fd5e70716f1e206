using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Hosting;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>
/// One in-process engine node (no HTTP), started the way the server starts it: migrations, bootstrap tenant, the
/// built-in plugins from <c>plugins/</c> beside this program, then its Orleans silo. Outbox polling is slowed down so it
/// does not run during measurements: callers relay their own events, as the API does.
/// </summary>
public sealed class EngineNode : IAsyncDisposable
{
    public const string Tenant = "default";

    private readonly IHost _host;

    private EngineNode(IHost host) => _host = host;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<EngineNode> StartAsync(string connectionString, Action<GrainOptions>? configureGrains = null)
    {
        var options = new WorkflowEngineOptions
        {
            Storage = { ConnectionString = connectionString },
            Orleans = { SiloPort = 0, GatewayPort = 0 },
            Plugins = { Directory = Path.Combine(AppContext.BaseDirectory, "plugins") },
            Bootstrap = { AdminToken = "wf_bench-admin-token-0123456789abcdefghijkl" },
            OutboxPollInterval = TimeSpan.FromHours(1),
        };
        configureGrains?.Invoke(options.Grains);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddWorkflowEngine(options);
        var host = builder.Build();
        await host.StartAsync();
        var node = new EngineNode(host);
        var catalog = node.Get<WorkflowEngineHost>().Catalog!;
        var failed = catalog.Plugins.Where(p => p.Status != Workflow.Engine.Plugins.PluginStatus.Loaded).ToList();
        if (catalog.Plugins.Count == 0 || failed.Count > 0)
            throw new InvalidOperationException($"Built-in plugins did not load from {options.Plugins.Directory}: {string.Join("; ", failed.Select(f => f.Name))}");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
