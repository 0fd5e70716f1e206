using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;
using Workflow.Plugins.PurchasingSales.Responses;
using Workflow.Plugins.PurchasingSales.Templates;

namespace Workflow.Plugins.PurchasingSales;

/// <summary>
/// The built-in purchasing and sales plugin: Business Central's purchase and sales documents, customers, vendors, items,
/// general journals, item journal and requisition worksheet batches, vendor bank accounts and incoming documents as
/// record types, their workflow events, the document status responses, and Business Central's templates for them
/// (document, record, batch and field-change approvals, incoming documents). The templates use the approval responses
/// and events the host registers, and the generic plugin's restriction, message and revert, apply and discard responses.
/// </summary>
public sealed class PurchasingSalesWorkflowPlugin : IWorkflowPlugin
{
    /// <inheritdoc />
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);

        foreach (var recordType in DocumentRecordTypes.All.Concat(MasterDataRecordTypes.All).Concat(JournalRecordTypes.All)
                     .Concat(PostedDocumentRecordTypes.All).Append(IncomingDocumentRecordType.IncomingDocument))
        {
            catalog.AddRecordType(recordType);
        }

        foreach (var workflowEvent in DocumentEvents.All.Concat(MasterDataEvents.All).Concat(JournalEvents.All).Concat(IncomingDocumentEvents.All))
        {
            catalog.AddEvent(workflowEvent);
        }

        foreach (var response in DocumentStatusResponse.All.Concat(PostingResponses.All).Concat(PaymentLineResponses.All).Concat(CreditLimitResponses.All))
        {
            catalog.AddResponse(response);
        }

        foreach (var template in DocumentApprovalTemplates.All.Concat(DocumentApprovalTemplates.CreditLimitTemplates)
                     .Concat(OverdueNotificationTemplates.All).Concat(RecordApprovalTemplates.All).Concat(ChangeApprovalTemplates.All)
                     .Concat(IncomingDocumentTemplates.All).Concat(PostingTemplates.All))
        {
            catalog.AddTemplate(template);
        }
    }
}
