using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Reminders;
using Workflow.Engine.Reminders;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Reminders;

/// <summary>
/// Single-silo hosts the way a node builds one (<c>Host.CreateApplicationBuilder</c> + <c>UseOrleans</c>), with reminder
/// time on a <see cref="FakeTimeProvider"/> so tests can jump days ahead.
/// </summary>
public static class ReminderTestSilo
{
    /// <summary>Localhost clustering on free ports, reminders in the engine's SQLite database.</summary>
    public static IHost Sqlite(string connectionString, string serviceId, FakeTimeProvider time, ReminderTickLog log) =>
        Build(time, log, services => services.AddSingleton(_ => StorageProviderFactory.Create(new StorageOptions { ConnectionString = connectionString })), silo =>
        {
            var ports = FreeTcpPorts.Take(2);
            silo.UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: serviceId, clusterId: "sqlite-" + Guid.NewGuid().ToString("N"));
            silo.UseSqliteReminderService();
        });

    /// <summary>Orleans' own ADO.NET clustering and reminders on a PostgreSQL database that migration 6 prepared.</summary>
    public static IHost Postgres(string connectionString, string serviceId, string clusterId, FakeTimeProvider time, ReminderTickLog log) =>
        Build(time, log, _ => { }, silo =>
        {
            var ports = FreeTcpPorts.Take(2);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = serviceId;
                o.ClusterId = clusterId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort: ports[0], gatewayPort: ports[1]);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        });

    /// <summary>An external client that finds the silo's gateway through the ADO.NET membership table.</summary>
    public static IHost PostgresClient(string connectionString, string serviceId, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = serviceId;
                o.ClusterId = clusterId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        });
        return builder.Build();
    }

    private static IHost Build(FakeTimeProvider time, ReminderTickLog log, Action<IServiceCollection> services, Action<ISiloBuilder> configure)
    {
        // No default configuration sources or console logging: nothing from the environment changes the silo.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(log);
        builder.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, time);
        services(builder.Services);
        builder.UseOrleans(silo =>
        {
            configure(silo);
            // Reminders are loaded only within the loading window of their next tick, and the list is refreshed on
            // reminder time: both must reach past the days the tests jump over.
            silo.Configure<ReminderOptions>(o =>
            {
                o.ReminderLoadingWindow = TimeSpan.FromDays(30);
                o.RefreshReminderListPeriod = TimeSpan.FromDays(1);
            });
        });
        return builder.Build();
    }
}
