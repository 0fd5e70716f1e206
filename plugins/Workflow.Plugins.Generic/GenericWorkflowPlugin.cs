using Workflow.Abstractions;
using Workflow.Plugins.Generic.Events;
using Workflow.Plugins.Generic.Responses;

namespace Workflow.Plugins.Generic;

/// <summary>
/// The built-in plugin: Business Central's generic events and responses, usable with any record type, so a tenant can
/// build simple workflows before any domain plugin (purchase documents, customers, ...) is installed.
/// </summary>
public sealed class GenericWorkflowPlugin : IWorkflowPlugin
{
    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);

        foreach (var workflowEvent in RecordEvents.All)
        {
            catalog.AddEvent(workflowEvent);
        }

        catalog.AddResponse(ShowMessageResponse.Definition);
        catalog.AddResponse(SetFieldValueResponse.Definition);
        catalog.AddResponse(SetRecordStatusResponse.Definition);
        catalog.AddResponse(RestrictRecordUsageResponse.Definition);
        catalog.AddResponse(AllowRecordUsageResponse.Definition);
        catalog.AddResponse(RevertFieldValueResponse.Definition);
        catalog.AddResponse(ApplyNewValuesResponse.Definition);
        catalog.AddResponse(DiscardNewValuesResponse.Definition);
        catalog.AddResponse(NotificationEntryResponse.CreateNotificationEntry);
        catalog.AddResponse(NotificationEntryResponse.SendNotification);
        catalog.AddResponse(DoNothingResponse.Definition);
    }
}
