using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Workflow.Engine.Reminders;
using Workflow.Engine.Storage;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Reminders;

/// <summary>
/// An <see cref="IReminderTable"/> resolved the way a silo resolves it: the engine's SQLite table on SQLite, Orleans'
/// ADO.NET table on PostgreSQL (over the tables and queries of migration 6). The same contract tests run on both.
/// </summary>
public sealed class ReminderTableUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ReminderTableUnderTest(ServiceProvider services, IReminderTable table)
    {
        _services = services;
        Table = table;
    }

    public IReminderTable Table { get; }

    /// <summary>Expects the database to be migrated already.</summary>
    public static async Task<ReminderTableUnderTest> StartAsync(TestDatabase database, string serviceId)
    {
        var services = new ServiceCollection();
        services.AddOptions();
        services.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = serviceId;
            o.ClusterId = "contract";
        });
        if (database.Kind == TestDatabase.Sqlite)
        {
            services.AddSingleton(_ => database.CreateProvider());
            services.UseSqliteReminderService();
        }
        else
        {
            services.UseAdoNetReminderService(o => o.Configure(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = database.ConnectionString;
            }));
        }
        var provider = services.BuildServiceProvider();
        var table = provider.GetRequiredService<IReminderTable>();
        await table.StartAsync();
        return new ReminderTableUnderTest(provider, table);
    }

    public async ValueTask DisposeAsync()
    {
        await Table.StopAsync();
        await _services.DisposeAsync();
    }
}
