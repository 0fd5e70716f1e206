using Workflow.Abstractions;

namespace Workflow.TestPlugins.Throwing;

/// <summary>Registers a record type and an event, then throws: neither may reach the catalogue.</summary>
public sealed class ThrowingPlugin : IWorkflowPlugin
{
    /// <summary>The message of the exception Register throws.</summary>
    public const string Message = "The throwing test plugin fails on purpose.";

    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        catalog.AddRecordType(new RecordTypeDefinition("THROWING_RECORD", "Throwing record", [new RecordFieldDefinition("Status", RecordFieldType.Text)]));
        catalog.AddEvent(new WorkflowEventDefinition("THROWING_EVENT", "Registered before the plugin throws.", "THROWING_RECORD"));
        throw new InvalidOperationException(Message);
    }
}
