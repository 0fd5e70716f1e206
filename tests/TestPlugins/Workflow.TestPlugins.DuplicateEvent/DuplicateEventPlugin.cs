using Workflow.Abstractions;

namespace Workflow.TestPlugins.DuplicateEvent;

/// <summary>
/// Registers an event of its own plus the generic plugin's RECORD_CREATED, spelled in lower case (codes compare
/// case-insensitively). Next to the generic plugin, which loads first, it must fail and keep nothing.
/// </summary>
public sealed class DuplicateEventPlugin : IWorkflowPlugin
{
    /// <summary>The code this plugin has to itself.</summary>
    public const string OwnEventCode = "DUPLICATE_EVENT_OWN";

    /// <summary>The code the generic plugin registers first.</summary>
    public const string TakenEventCode = "record_created";

    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        catalog.AddEvent(new WorkflowEventDefinition(OwnEventCode, "An event only this plugin registers.", RecordType: null));
        catalog.AddEvent(new WorkflowEventDefinition(TakenEventCode, "A record is created, says a second plugin.", RecordType: null));
    }
}
