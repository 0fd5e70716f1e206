using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Workflow.Engine.Hosting;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Infrastructure;

/// <summary>
/// One engine node without HTTP, on a test database: what a second server process would be. Nodes on one PostgreSQL
/// database form one Orleans cluster; on SQLite each node is a silo of its own.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly IHost _host;

    private TestNode(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IStorageProvider Storage => _host.Services.GetRequiredService<IStorageProvider>();
    public IServiceProvider Services => _host.Services;

    public static async Task<TestNode> StartAsync(
        TestDatabase database,
        TimeProvider? clock = null,
        string? pluginsDirectory = null,
        Action<IServiceCollection>? registerServices = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var options = new WorkflowEngineOptions
        {
            Storage = { ConnectionString = database.ConnectionString },
            // Tests run in parallel: each silo takes a free port, and none needs a gateway.
            Orleans = { SiloPort = 0, GatewayPort = 0 },
            Plugins = { Directory = pluginsDirectory ?? Path.Combine(AppContext.BaseDirectory, "no-plugins") },
            Bootstrap = { AdminToken = "wf_test-admin-token-0123456789abcdefghijkl" },
        };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        TestSilo.ConfigureReminders(builder.Services);
        registerServices?.Invoke(builder.Services);
        builder.AddWorkflowEngine(options, configureSilo);

        var host = builder.Build();
        await host.StartAsync();
        return new TestNode(host);
    }

    /// <summary>Stops the node as an operator would: grains deactivate, the silo leaves its cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
