using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;
using Workflow.Plugins.PurchasingSales.Responses;
using Workflow.Plugins.PurchasingSales.Templates;

namespace Workflow.Plugins.PurchasingSales;

/// <summary>
/// The built-in purchasing and sales plugin: Business Central's purchase and sales documents, customers, vendors, items
/// and general journals as record types, their workflow events, the document status responses, the document approval
/// templates and the field-change approval templates. The templates use the approval responses and events the host
/// registers, and the change templates the generic plugin's revert, apply and discard responses.
/// </summary>
public sealed class PurchasingSalesWorkflowPlugin : IWorkflowPlugin
{
    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);

        foreach (var recordType in DocumentRecordTypes.All.Concat(MasterDataRecordTypes.All).Concat(JournalRecordTypes.All))
        {
            catalog.AddRecordType(recordType);
        }

        foreach (var workflowEvent in DocumentEvents.All.Concat(MasterDataEvents.All).Concat(JournalEvents.All))
        {
            catalog.AddEvent(workflowEvent);
        }

        foreach (var response in DocumentStatusResponse.All.Concat(PostingResponses.All))
        {
            catalog.AddResponse(response);
        }

        foreach (var template in DocumentApprovalTemplates.All)
        {
            catalog.AddTemplate(template);
        }

        foreach (var template in ChangeApprovalTemplates.All)
        {
            catalog.AddTemplate(template);
        }
    }
}
