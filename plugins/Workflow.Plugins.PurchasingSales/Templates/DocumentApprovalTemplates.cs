using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;
using Workflow.Plugins.PurchasingSales.Responses;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's document approval templates (catalogue §6.2), built on the document approval pattern P1
/// (catalogue §6.3) with the host's approval module:
/// <code>
/// WHEN Approval of a purchase document is requested.      [entry point; Document Type = X, Status = Open]
///   THEN Set document status to Pending Approval.
///    → Create an approval request for the record using approver type … (options)
///    → Send approval request for the record and create a notification.
///   WHEN An approval request is approved.                  [Pending Approvals: 0]
///     THEN Release the document.
///   WHEN An approval request is rejected.
///     THEN Reopen the document.
///   WHEN An approval request for a purchase document is canceled.   [Status = Pending Approval]
///     THEN Cancel the approval request for the record. → Reopen the document.
///   WHEN An approval request is canceled.                  (the sender canceled it through the approval request)
///     THEN Reopen the document.
/// </code>
/// Unlike Business Central, no step loops back: the host's approval request opens the next sequence of approvers itself
/// when one is approved (the "approved" event with pending approvals left matches no step and is ignored), re-notifies
/// on delegation, and cancels the pending entries of a rejected request. The record restriction steps of P1 ("Add
/// record restriction." and "Remove record restriction.") are left out, so the templates need nothing but this plugin
/// and the host; a tenant who wants events that change the document refused while it is pending adds the generic
/// plugin's RESTRICT_RECORD_USAGE and ALLOW_RECORD_USAGE to its copy.
/// </summary>
public static class DocumentApprovalTemplates
{
    /// <summary>Workflow category of purchase document templates.</summary>
    public const string PurchaseCategory = "PURCHDOC";

    /// <summary>Workflow category of sales document templates.</summary>
    public const string SalesCategory = "SALESDOC";

    /// <summary>Code of <see cref="PurchaseInvoiceApproval"/>.</summary>
    public const string PurchaseInvoiceApprovalCode = "MS-PIAPW";

    /// <summary>Code of <see cref="PurchaseOrderApproval"/>.</summary>
    public const string PurchaseOrderApprovalCode = "MS-POAPW";

    /// <summary>Code of <see cref="SalesOrderApproval"/>.</summary>
    public const string SalesOrderApprovalCode = "MS-SOAPW";

    /// <summary>Code of <see cref="SalesInvoiceApproval"/>.</summary>
    public const string SalesInvoiceApprovalCode = "MS-SIAPW";

    private const string Approver = "Approver";
    private const string SalespersonPurchaser = "Salesperson/Purchaser";
    private const string ApproverChain = "Approver Chain";
    private const string DirectApprover = "Direct Approver";
    private const string PurchaseLimit = "Purchase";
    private const string SalesLimit = "Sales";
    private const string DueInTwoDays = "<2D>";

    /// <summary>Purchase invoices, approved up the approver chain against the approvers' purchase limits, due in two days.</summary>
    public static WorkflowTemplateDefinition PurchaseInvoiceApproval { get; } = Build(
        PurchaseInvoiceApprovalCode,
        "Purchase Invoice Approval Workflow",
        PurchaseCategory,
        DocumentEvents.PurchaseApprovalRequestedCode,
        DocumentEvents.PurchaseApprovalCanceledCode,
        DocumentRecordTypes.Invoice,
        Approver,
        ApproverChain,
        PurchaseLimit);

    /// <summary>Purchase orders, approved up the approver chain against the approvers' purchase limits, due in two days.</summary>
    public static WorkflowTemplateDefinition PurchaseOrderApproval { get; } = Build(
        PurchaseOrderApprovalCode,
        "Purchase Order Approval Workflow",
        PurchaseCategory,
        DocumentEvents.PurchaseApprovalRequestedCode,
        DocumentEvents.PurchaseApprovalCanceledCode,
        DocumentRecordTypes.Order,
        Approver,
        ApproverChain,
        PurchaseLimit);

    /// <summary>
    /// Sales orders, sent to the document's salesperson and up from there against the approvers' sales limits, due in
    /// two days.
    /// </summary>
    public static WorkflowTemplateDefinition SalesOrderApproval { get; } = Build(
        SalesOrderApprovalCode,
        "Sales Order Approval Workflow",
        SalesCategory,
        DocumentEvents.SalesApprovalRequestedCode,
        DocumentEvents.SalesApprovalCanceledCode,
        DocumentRecordTypes.Order,
        SalespersonPurchaser,
        ApproverChain,
        SalesLimit);

    /// <summary>Sales invoices, sent to the document's salesperson only, due in two days.</summary>
    public static WorkflowTemplateDefinition SalesInvoiceApproval { get; } = Build(
        SalesInvoiceApprovalCode,
        "Sales Invoice Approval Workflow",
        SalesCategory,
        DocumentEvents.SalesApprovalRequestedCode,
        DocumentEvents.SalesApprovalCanceledCode,
        DocumentRecordTypes.Invoice,
        SalespersonPurchaser,
        DirectApprover,
        SalesLimit);

    /// <summary>Every document approval template, purchase first.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } =
        [PurchaseInvoiceApproval, PurchaseOrderApproval, SalesOrderApproval, SalesInvoiceApproval];

    private static WorkflowTemplateDefinition Build(
        string code,
        string description,
        string category,
        string requestedEvent,
        string canceledEvent,
        string documentType,
        string approverType,
        string approverLimitType,
        string approvalLimit)
    {
        const int Requested = 1, PendingApproval = 2, Create = 3, Send = 4;
        const int Approved = 5, Release = 6, Rejected = 7, ReopenRejected = 8;
        const int Canceled = 9, CancelRequest = 10, ReopenCanceled = 11, RequestCanceled = 12, ReopenRequestCanceled = 13;

        return new WorkflowTemplateDefinition(code, description, category,
        [
            new(Requested, WorkflowStepType.Event, requestedEvent, PreviousStepId: null)
            {
                EntryPoint = true,
                Conditions = new Dictionary<string, string>
                {
                    [DocumentRecordTypes.DocumentTypeField] = documentType,
                    [ApprovalStatus.Field] = ApprovalStatus.Open,
                },
            },
            new(PendingApproval, WorkflowStepType.Response, DocumentStatusResponse.SetStatusPendingApprovalCode, Requested),
            new(Create, WorkflowStepType.Response, HostApprovalCodes.CreateApprovalRequests, PendingApproval)
            {
                Options = new Dictionary<string, string>
                {
                    [HostApprovalCodes.CreateOptions.ApproverType] = approverType,
                    [HostApprovalCodes.CreateOptions.ApproverLimitType] = approverLimitType,
                    [HostApprovalCodes.CreateOptions.ApprovalLimit] = approvalLimit,
                    [HostApprovalCodes.CreateOptions.DueDateFormula] = DueInTwoDays,
                },
            },
            new(Send, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Create),

            new(Approved, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Send)
            {
                SequenceNo = 1,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = "0" },
            },
            new(Release, WorkflowStepType.Response, DocumentStatusResponse.ReleaseDocumentCode, Approved),

            new(Rejected, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestRejected, Send) { SequenceNo = 2 },
            new(ReopenRejected, WorkflowStepType.Response, DocumentStatusResponse.ReopenDocumentCode, Rejected),

            // The user cancels the request from the document: the pending entries are canceled, then the document reopens.
            new(Canceled, WorkflowStepType.Event, canceledEvent, Send)
            {
                SequenceNo = 3,
                Conditions = new Dictionary<string, string> { [ApprovalStatus.Field] = ApprovalStatus.PendingApproval },
            },
            new(CancelRequest, WorkflowStepType.Response, HostApprovalCodes.CancelApprovalRequest, Canceled),
            new(ReopenCanceled, WorkflowStepType.Response, DocumentStatusResponse.ReopenDocumentCode, CancelRequest),

            // The sender cancels the approval request itself: its entries are canceled already.
            new(RequestCanceled, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestCanceled, Send) { SequenceNo = 4 },
            new(ReopenRequestCanceled, WorkflowStepType.Response, DocumentStatusResponse.ReopenDocumentCode, RequestCanceled),
        ]);
    }
}
