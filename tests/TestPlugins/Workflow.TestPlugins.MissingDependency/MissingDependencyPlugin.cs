using Workflow.Abstractions;
using Workflow.TestPlugins.LostLibrary;

namespace Workflow.TestPlugins.MissingDependency;

/// <summary>Needs Workflow.TestPlugins.LostLibrary, which its deployed folder lacks, so it fails to load.</summary>
public sealed class MissingDependencyPlugin : IWorkflowPlugin
{
    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog) =>
        catalog.AddEvent(new WorkflowEventDefinition("MISSING_DEPENDENCY_EVENT", LostGreeting.Text, RecordType: null));
}

/// <summary>
/// A public type whose base class lives in the missing library: merely listing the plugin's public types fails, which
/// the loader must report instead of throwing.
/// </summary>
public sealed class GreetingCard : LostCard
{
    /// <inheritdoc />
    public override string Text => LostGreeting.Text;
}
