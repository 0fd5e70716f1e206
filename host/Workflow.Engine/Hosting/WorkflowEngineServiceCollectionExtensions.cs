using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Workflow.Engine.Approvals;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Grains;
using Workflow.Engine.Outbox;
using Workflow.Engine.Identity;
using Workflow.Engine.Plugins;
using Workflow.Engine.Instances;
using Workflow.Engine.Notifications;
using Workflow.Engine.Records;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Hosting;

/// <summary>Puts the engine (storage, grain runtime, plugins, identity) into a service collection, with or without ASP.NET Core.</summary>
public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>Adds the engine; the returned registry takes the grain types to run.</summary>
    public static GrainTypeRegistry AddWorkflowEngine(this IServiceCollection services, WorkflowEngineOptions options)
    {
        var grainTypes = new GrainTypeRegistry();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Storage);
        services.AddSingleton(options.Grains);
        services.AddSingleton(options.Plugins);
        services.AddSingleton(options.Bootstrap);
        services.AddSingleton(grainTypes);
        services.AddSingleton(_ => StorageProviderFactory.Create(options.Storage));
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<IGrainStorage, AdoGrainStorage>();
        services.AddSingleton<ReminderTable>();
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<IdentityBootstrap>();
        services.AddSingleton<PluginLoader>();
        // Plugins load while the engine starts; everything that reads the catalogue runs after that.
        services.AddSingleton(sp => sp.GetRequiredService<WorkflowEngineHost>().Catalog
            ?? throw new InvalidOperationException("The workflow engine has not started: its plugins are not loaded yet."));
        services.AddSingleton<WorkflowStore>();
        services.AddSingleton<WorkflowRules>();
        services.AddSingleton<EntryPointIndex>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<EventConditionEvaluator>();
        services.AddSingleton<InstanceIndex>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<WorkflowEventService>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventOutboxRelay>();
        services.AddSingleton<ApprovalSetupStore>();
        services.AddSingleton<ApproverRouting>();
        services.AddSingleton<ApprovalEntryIndex>();
        services.AddSingleton<ApprovalsCatalog>();
        grainTypes
            .Add<IRecordGrain, RecordGrain>("record")
            .Add<IWorkflowInstanceGrain, WorkflowInstanceGrain>("workflow-instance")
            .Add<IApprovalRequestGrain, ApprovalRequestGrain>("approval-request");
        services.AddSingleton<WorkflowEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowEngineHost>());
        services.AddHostedService<EventOutboxRelayService>();
        return grainTypes;
    }
}
