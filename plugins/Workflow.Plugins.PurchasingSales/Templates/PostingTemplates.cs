using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;
using Workflow.Plugins.PurchasingSales.Responses;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's template of system tasks after a release (catalogue §6.2, MS-PIW), with no user task in it:
/// <code>
/// WHEN A purchase document is released.                  [entry point; Document Type = Invoice, Status = Released]
///   THEN Post the sales or purchase document in the background.
///   WHEN A purchase invoice is posted.                     (the instance continues on the posted invoice)
///     THEN Create a payment journal line in the background for journal template &lt;T&gt; and journal batch &lt;B&gt;.
///     WHEN A general journal line is created.              [Document Type = Payment] (and on the payment line)
///       THEN Create a notification for &lt;User&gt;.
/// </code>
/// The journal template and batch and the notification's recipient are left blank, as Business Central's are: a copy is
/// enabled once it names them.
/// </summary>
public static class PostingTemplates
{
    /// <summary>Code of <see cref="PurchaseInvoiceWorkflow"/>.</summary>
    public const string PurchaseInvoiceWorkflowCode = "WF-PIW";

    /// <summary>A released purchase invoice is posted, and a payment line for it made in the payment journal; someone is told (MS-PIW).</summary>
    public static WorkflowTemplateDefinition PurchaseInvoiceWorkflow { get; } = new(
        PurchaseInvoiceWorkflowCode,
        "Purchase Invoice Workflow",
        DocumentApprovalTemplates.PurchaseCategory,
        [
            new(1, WorkflowStepType.Event, DocumentEvents.PurchaseReleasedCode, PreviousStepId: null)
            {
                EntryPoint = true,
                Conditions = new Dictionary<string, string>
                {
                    [DocumentRecordTypes.DocumentTypeField] = DocumentRecordTypes.Invoice, [ApprovalStatus.Field] = ApprovalStatus.Released,
                },
            },
            new(2, WorkflowStepType.Response, PostingResponses.PostDocumentInBackgroundCode, 1),
            new(3, WorkflowStepType.Event, DocumentEvents.PurchaseInvoicePostedCode, 2),
            new(4, WorkflowStepType.Response, PaymentLineResponses.CreatePaymentLineInBackgroundCode, 3)
            {
                Options = new Dictionary<string, string> { [PaymentLineResponses.JournalTemplateNameOption] = "", [PaymentLineResponses.JournalBatchNameOption] = "" },
            },
            new(5, WorkflowStepType.Event, JournalEvents.LineCreatedCode, 4)
            {
                Conditions = new Dictionary<string, string> { ["Document Type"] = "Payment" },
            },
            new(6, WorkflowStepType.Response, GenericResponseCodes.CreateNotificationEntry, 5)
            {
                Options = new Dictionary<string, string> { [GenericResponseCodes.RecipientUserIdOption] = "" },
            },
        ])
    {
        BusinessCentralCode = "MS-PIW",
    };

    /// <summary>The posting templates.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } = [PurchaseInvoiceWorkflow];
}
