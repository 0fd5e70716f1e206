using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Templates;

/// <summary>
/// One server per store for the template library tests, started on first use and shared by the theory rows, each of
/// which works in a tenant of its own: a server start per template would cost more than the template's whole path.
/// </summary>
public sealed class TemplateServers : IAsyncLifetime
{
    private readonly Dictionary<string, (TestDatabase Database, WorkflowServerFactory Server)> _servers = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _tenants;

    public async Task<WorkflowServerFactory> ServerAsync(string provider)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_servers.TryGetValue(provider, out var started))
            {
                var database = await TestDatabase.CreateAsync(provider);
                started = (database, new WorkflowServerFactory(database, ScenarioPlugins.Directory));
                _servers[provider] = started;
            }
            return started.Server;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh tenant on the provider's server; returns the server and the tenant administrator's client.</summary>
    public async Task<(WorkflowServerFactory Server, HttpClient Administrator)> TenantAsync(string provider)
    {
        var server = await ServerAsync(provider);
        var administrator = await server.CreateTenantAsync($"tpl{Interlocked.Increment(ref _tenants)}");
        return (server, administrator);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (database, server) in _servers.Values)
        {
            await server.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
