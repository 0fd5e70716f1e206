using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.Runtime.Hosting;
using Workflow.Engine.Approvals;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Grains;
using Workflow.Engine.Outbox;
using Workflow.Engine.Identity;
using Workflow.Engine.Plugins;
using Workflow.Engine.Instances;
using Workflow.Engine.Live;
using Workflow.Engine.Metrics;
using Workflow.Engine.Notifications;
using Workflow.Engine.Posting;
using Workflow.Engine.Records;
using Workflow.Engine.Reminders;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Hosting;

/// <summary>Puts the engine (storage, plugins, identity, its Orleans silo) into a host, with or without ASP.NET Core.</summary>
public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine and co-hosts its silo. <paramref name="configureSilo"/> runs last, for tests that add grains or
    /// adjust Orleans' options.
    /// </summary>
    public static IHostApplicationBuilder AddWorkflowEngine(this IHostApplicationBuilder builder, WorkflowEngineOptions options, Action<ISiloBuilder>? configureSilo = null)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Storage);
        services.AddSingleton(options.Grains);
        services.AddSingleton(options.Plugins);
        services.AddSingleton(options.Bootstrap);
        services.AddSingleton(options.Jobs);
        services.AddSingleton(_ => StorageProviderFactory.Create(options.Storage));
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<WorkflowGrainStorage>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<IdentityBootstrap>();
        services.AddSingleton<PluginLoader>();
        // Plugins load while the engine starts; everything that reads the catalogue runs after that.
        services.AddSingleton(sp => sp.GetRequiredService<WorkflowEngineHost>().Catalog
            ?? throw new InvalidOperationException("The workflow engine has not started: its plugins are not loaded yet."));
        services.AddSingleton<WorkflowStore>();
        services.AddSingleton<WorkflowRules>();
        services.AddSingleton<EntryPointIndex>();
        services.AddSingleton<Records.RecordApprovals>();
        services.AddSingleton<TemplateLibrary>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<EventConditionEvaluator>();
        services.AddSingleton<InstanceIndex>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton(options.Notifications);
        services.AddSingleton<NotificationSetupStore>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<NoteChannel>();
        services.AddSingleton<INotificationChannel>(sp => sp.GetRequiredService<NoteChannel>());
        // Without an SMTP server there is no e-mail channel, and e-mail entries fail with that reason instead of vanishing.
        if (!string.IsNullOrWhiteSpace(options.Notifications.Smtp.Host))
            services.AddSingleton<INotificationChannel>(new EmailChannel(options.Notifications.Smtp));
        services.AddSingleton<WorkflowEventService>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventOutboxRelay>();
        services.AddSingleton<ApprovalSetupStore>();
        services.AddSingleton<ApproverRouting>();
        services.AddSingleton<ApprovalEntryIndex>();
        services.AddSingleton<ApprovalsCatalog>();
        services.AddSingleton(options.Live);
        services.AddSingleton<UserFeed>();
        services.AddSingleton<FeedRetention>();
        services.AddSingleton<LiveHubs>();
        services.AddSingleton<INotificationChannel, LivePushChannel>();
        services.AddSingleton<RecordLines>();
        services.AddSingleton<PostingSetupStore>();
        services.AddSingleton<NumberSeries>();
        services.AddSingleton<LedgerPosting>();
        services.AddSingleton<PostedEntries>();
        services.AddSingleton<PostingJobQueue>();

        // Hosted services start in the order they are added: the engine (schema, plugins) before the silo, the outbox
        // relay (which calls grains) after it; they stop in reverse.
        services.AddSingleton<WorkflowEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowEngineHost>());
        builder.UseOrleans(silo =>
        {
            silo.AddWorkflowSilo(options);
            configureSilo?.Invoke(silo);
        });
        services.AddHostedService<EventOutboxRelayService>();
        services.AddHostedService<NotificationDispatcherService>();
        services.AddHostedService<ClusterActivityReporter>();
        services.AddHostedService<PostingJobRunner>();
        services.AddHostedService<FeedRetentionService>();
        return builder;
    }

    private static void AddWorkflowSilo(this ISiloBuilder silo, WorkflowEngineOptions options)
    {
        var cluster = options.Orleans;
        var siloPort = cluster.SiloPortOrFree();
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        if (StorageProviderFactory.SelectsPostgres(options.Storage))
        {
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = cluster.AdvertisedIPAddress;
                o.SiloPort = siloPort;
                o.GatewayPort = cluster.GatewayPort;
            });
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", options.Storage.ConnectionString));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", options.Storage.ConnectionString));
        }
        else
        {
            silo.UseLocalhostClustering(siloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.UseSqliteReminderService();
        }

        silo.Services.AddGrainStorage(WorkflowGrainStorage.Name, (sp, _) => sp.GetRequiredService<WorkflowGrainStorage>());
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = options.Grains.CollectionAge);

        // Orleans' own timing (messaging, membership, directory) stays on real time; reminders are business deadlines
        // and follow the engine's clock, which tests move.
        silo.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);
        silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, (sp, _) => sp.GetRequiredService<TimeProvider>());
    }
}
