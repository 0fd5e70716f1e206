using Workflow.Engine.Identity;
using Workflow.Engine.Notifications;
using Workflow.Engine.Plugins;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Hosting;

/// <summary>Everything the engine is configured with; the server binds each part from its configuration section.</summary>
public sealed class WorkflowEngineOptions
{
    public StorageOptions Storage { get; set; } = new();
    public GrainOptions Grains { get; set; } = new();
    public SiloOptions Orleans { get; set; } = new();
    public PluginOptions Plugins { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public NotificationOptions Notifications { get; set; } = new();
    public Live.LiveOptions Live { get; set; } = new();
    public Posting.PostingJobOptions Jobs { get; set; } = new();

    /// <summary>How often events stored by grains (approval decisions, reminders) are looked for and raised.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
