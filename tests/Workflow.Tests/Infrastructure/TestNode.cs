using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Grains;
using Workflow.Engine.Hosting;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Infrastructure;

/// <summary>
/// One in-process host node of the engine (no HTTP) on a test database: what a second server process would be.
/// Several nodes on one database behave like several hosts sharing PostgreSQL.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly WorkflowEngineHost _host;

    private TestNode(ServiceProvider services)
    {
        _services = services;
        _host = services.GetRequiredService<WorkflowEngineHost>();
    }

    public GrainRuntime Runtime => _services.GetRequiredService<GrainRuntime>();
    public IStorageProvider Storage => _services.GetRequiredService<IStorageProvider>();
    public IServiceProvider Services => _services;

    public static async Task<TestNode> StartAsync(
        TestDatabase database,
        TimeProvider? clock = null,
        Action<GrainRuntimeOptions>? configureGrains = null,
        Action<GrainTypeRegistry>? registerGrains = null,
        string? pluginsDirectory = null,
        Action<IServiceCollection>? registerServices = null)
    {
        var options = new WorkflowEngineOptions
        {
            Storage = { ConnectionString = database.ConnectionString },
            // Background loops are kept slow by default; tests drive collection and reminders explicitly.
            Grains = { CollectionQuantum = TimeSpan.FromHours(1), ReminderPollInterval = TimeSpan.FromHours(1) },
            Plugins = { Directory = pluginsDirectory ?? Path.Combine(AppContext.BaseDirectory, "no-plugins") },
            Bootstrap = { AdminToken = "wf_test-admin-token-0123456789abcdefghijkl" },
        };
        configureGrains?.Invoke(options.Grains);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (clock is not null)
            services.AddSingleton(clock);
        registerServices?.Invoke(services);
        var grains = services.AddWorkflowEngine(options);
        registerGrains?.Invoke(grains);

        var node = new TestNode(services.BuildServiceProvider());
        await node._host.StartAsync(CancellationToken.None);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
