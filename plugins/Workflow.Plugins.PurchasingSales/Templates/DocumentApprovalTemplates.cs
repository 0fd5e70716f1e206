using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;
using Workflow.Plugins.PurchasingSales.Responses;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's document approval templates (catalogue §6.2), built step for step on its document approval
/// pattern P1 (catalogue §6.3) with the host's approval module and the generic plugin's restriction responses:
/// <code>
/// WHEN Approval of a purchase document is requested.      [entry point; Document Type = X, Status = Open]
///   THEN Add record restriction.
///    → Set document status to Pending Approval.
///    → Create an approval request for the record using approver type … (options)
///    → Send approval request for the record and create a notification.
///   WHEN An approval request is approved.                  [Pending Approvals: 0]
///     THEN Remove record restriction. → Release the document.
///   WHEN An approval request is approved.                  [Pending Approvals: &gt;0]
///     THEN Send approval request for the record and create a notification.   (next step: the first "Send")
///   WHEN An approval request is rejected.
///     THEN Reject the approval request for the record and create a notification. (Notify Sender) → Reopen the document.
///   WHEN An approval request for a purchase document is canceled.   [Status = Pending Approval]
///     THEN Cancel the approval request for the record. → Remove record restriction. → Reopen the document.
///      → Show message "The approval request for the record has been canceled."
///   WHEN An approval request is delegated.
///     THEN Send approval request for the record and create a notification.   (next step: the first "Send")
///   WHEN An approval request is canceled.                  (the host's own addition, see below)
///     THEN Remove record restriction. → Reopen the document. → Show message (as the document's cancel)
/// </code>
/// As in Business Central the reject branch keeps the restriction: a rejected document stays restricted until a new
/// request for it is approved or canceled (the record has one restriction, which the resubmission re-uses). The last
/// branch is not Business Central's: here the sender may also cancel from the approval request itself
/// (<c>POST /approval-requests/{id}/cancel</c>), whose entries are canceled already, and the document must not stay
/// Pending Approval and restricted after that.
/// </summary>
public static class DocumentApprovalTemplates
{
    /// <summary>Workflow category of purchase document templates.</summary>
    public const string PurchaseCategory = "PURCHDOC";

    /// <summary>Workflow category of sales document templates.</summary>
    public const string SalesCategory = "SALESDOC";

    /// <summary>Code of <see cref="PurchaseQuoteApproval"/>.</summary>
    public const string PurchaseQuoteApprovalCode = "WF-PQAPW";

    /// <summary>Code of <see cref="PurchaseOrderApproval"/>.</summary>
    public const string PurchaseOrderApprovalCode = "WF-POAPW";

    /// <summary>Code of <see cref="PurchaseInvoiceApproval"/>.</summary>
    public const string PurchaseInvoiceApprovalCode = "WF-PIAPW";

    /// <summary>Code of <see cref="PurchaseCreditMemoApproval"/>.</summary>
    public const string PurchaseCreditMemoApprovalCode = "WF-PCMAPW";

    /// <summary>Code of <see cref="BlanketPurchaseOrderApproval"/>.</summary>
    public const string BlanketPurchaseOrderApprovalCode = "WF-BPOAPW";

    /// <summary>Code of <see cref="PurchaseReturnOrderApproval"/>.</summary>
    public const string PurchaseReturnOrderApprovalCode = "WF-PROAPW";

    /// <summary>Code of <see cref="SalesQuoteApproval"/>.</summary>
    public const string SalesQuoteApprovalCode = "WF-SQAPW";

    /// <summary>Code of <see cref="SalesOrderApproval"/>.</summary>
    public const string SalesOrderApprovalCode = "WF-SOAPW";

    /// <summary>Code of <see cref="SalesInvoiceApproval"/>.</summary>
    public const string SalesInvoiceApprovalCode = "WF-SIAPW";

    /// <summary>Code of <see cref="SalesCreditMemoApproval"/>.</summary>
    public const string SalesCreditMemoApprovalCode = "WF-SCMAPW";

    /// <summary>Code of <see cref="BlanketSalesOrderApproval"/>.</summary>
    public const string BlanketSalesOrderApprovalCode = "WF-BSOAPW";

    /// <summary>Code of <see cref="SalesReturnOrderApproval"/>.</summary>
    public const string SalesReturnOrderApprovalCode = "WF-SROAPW";

    private const string Approver = "Approver";
    private const string SalespersonPurchaser = "Salesperson/Purchaser";
    private const string WorkflowUserGroup = "Workflow User Group";
    private const string ApproverChain = "Approver Chain";
    private const string DirectApprover = "Direct Approver";
    private const string PurchaseLimit = "Purchase";
    private const string SalesLimit = "Sales";
    private const string CanceledMessage = "The approval request for the record has been canceled.";

    /// <summary>Purchase quotes, approved up the requester's approver chain (MS-PQAPW).</summary>
    public static WorkflowTemplateDefinition PurchaseQuoteApproval { get; } =
        Purchase(PurchaseQuoteApprovalCode, "MS-PQAPW", "Purchase Quote Approval Workflow", DocumentRecordTypes.Quote, Approver, ApproverChain);

    /// <summary>Purchase orders, approved up the requester's approver chain against the approvers' purchase limits (MS-POAPW).</summary>
    public static WorkflowTemplateDefinition PurchaseOrderApproval { get; } =
        Purchase(PurchaseOrderApprovalCode, "MS-POAPW", "Purchase Order Approval Workflow", DocumentRecordTypes.Order, Approver, ApproverChain);

    /// <summary>Purchase invoices, sent to the document's purchaser only (Salesperson/Purchaser, Direct Approver; MS-PIAPW).</summary>
    public static WorkflowTemplateDefinition PurchaseInvoiceApproval { get; } =
        Purchase(PurchaseInvoiceApprovalCode, "MS-PIAPW", "Purchase Invoice Approval Workflow", DocumentRecordTypes.Invoice, SalespersonPurchaser, DirectApprover);

    /// <summary>Purchase credit memos, sent to the document's purchaser (MS-PCMAPW).</summary>
    public static WorkflowTemplateDefinition PurchaseCreditMemoApproval { get; } =
        Purchase(PurchaseCreditMemoApprovalCode, "MS-PCMAPW", "Purchase Credit Memo Approval Workflow", DocumentRecordTypes.CreditMemo, SalespersonPurchaser, DirectApprover);

    /// <summary>
    /// Blanket purchase orders, sent to a workflow user group (MS-BPOAPW); as in Business Central the group is left blank
    /// and a copy is enabled once it names the group.
    /// </summary>
    public static WorkflowTemplateDefinition BlanketPurchaseOrderApproval { get; } =
        Purchase(BlanketPurchaseOrderApprovalCode, "MS-BPOAPW", "Blanket Purchase Order Approval Workflow", DocumentRecordTypes.BlanketOrder, WorkflowUserGroup, DirectApprover);

    /// <summary>Purchase return orders, sent to the document's purchaser (MS-PROAPW).</summary>
    public static WorkflowTemplateDefinition PurchaseReturnOrderApproval { get; } =
        Purchase(PurchaseReturnOrderApprovalCode, "MS-PROAPW", "Purchase Return Order Approval Workflow", DocumentRecordTypes.ReturnOrder, SalespersonPurchaser, DirectApprover);

    /// <summary>Sales quotes, sent to the document's salesperson (MS-SQAPW).</summary>
    public static WorkflowTemplateDefinition SalesQuoteApproval { get; } =
        Sales(SalesQuoteApprovalCode, "MS-SQAPW", "Sales Quote Approval Workflow", DocumentRecordTypes.Quote, SalespersonPurchaser, DirectApprover);

    /// <summary>Sales orders, sent to the document's salesperson and up from there against the approvers' sales limits (MS-SOAPW).</summary>
    public static WorkflowTemplateDefinition SalesOrderApproval { get; } =
        Sales(SalesOrderApprovalCode, "MS-SOAPW", "Sales Order Approval Workflow", DocumentRecordTypes.Order, SalespersonPurchaser, ApproverChain);

    /// <summary>Sales invoices, sent to the document's salesperson only (MS-SIAPW).</summary>
    public static WorkflowTemplateDefinition SalesInvoiceApproval { get; } =
        Sales(SalesInvoiceApprovalCode, "MS-SIAPW", "Sales Invoice Approval Workflow", DocumentRecordTypes.Invoice, SalespersonPurchaser, DirectApprover);

    /// <summary>Sales credit memos, sent to the document's salesperson (MS-SCMAPW).</summary>
    public static WorkflowTemplateDefinition SalesCreditMemoApproval { get; } =
        Sales(SalesCreditMemoApprovalCode, "MS-SCMAPW", "Sales Credit Memo Approval Workflow", DocumentRecordTypes.CreditMemo, SalespersonPurchaser, DirectApprover);

    /// <summary>Blanket sales orders, sent to a workflow user group still to be named (MS-BSOAPW).</summary>
    public static WorkflowTemplateDefinition BlanketSalesOrderApproval { get; } =
        Sales(BlanketSalesOrderApprovalCode, "MS-BSOAPW", "Blanket Sales Order Approval Workflow", DocumentRecordTypes.BlanketOrder, WorkflowUserGroup, DirectApprover);

    /// <summary>Sales return orders, sent to the document's salesperson (MS-SROAPW).</summary>
    public static WorkflowTemplateDefinition SalesReturnOrderApproval { get; } =
        Sales(SalesReturnOrderApprovalCode, "MS-SROAPW", "Sales Return Order Approval Workflow", DocumentRecordTypes.ReturnOrder, SalespersonPurchaser, DirectApprover);

    /// <summary>Code of <see cref="SalesInvoiceCreditLimitApproval"/>.</summary>
    public const string SalesInvoiceCreditLimitApprovalCode = "WF-SICLAPW";

    /// <summary>Code of <see cref="SalesOrderCreditLimitApproval"/>.</summary>
    public const string SalesOrderCreditLimitApprovalCode = "WF-SOCLAPW";

    /// <summary>
    /// Sales invoices checked against the customer's credit limit first: over it, approval by the salesperson (P6,
    /// Salesperson/Purchaser, Direct Approver; MS-SICLAPW); within it, released at once.
    /// </summary>
    public static WorkflowTemplateDefinition SalesInvoiceCreditLimitApproval { get; } = CreditLimit(
        Sales(SalesInvoiceCreditLimitApprovalCode, "MS-SICLAPW", "Sales Invoice Credit Limit Approval Workflow", DocumentRecordTypes.Invoice, SalespersonPurchaser, DirectApprover));

    /// <summary>Sales orders checked against the credit limit first; over it, the salesperson and up the chain approve (P6; MS-SOCLAPW).</summary>
    public static WorkflowTemplateDefinition SalesOrderCreditLimitApproval { get; } = CreditLimit(
        Sales(SalesOrderCreditLimitApprovalCode, "MS-SOCLAPW", "Sales Order Credit Limit Approval Workflow", DocumentRecordTypes.Order, SalespersonPurchaser, ApproverChain));

    /// <summary>The credit limit templates (P6), after the document approvals as in Business Central's list.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> CreditLimitTemplates { get; } = [SalesInvoiceCreditLimitApproval, SalesOrderCreditLimitApproval];

    /// <summary>Every document approval template, purchase first, each in Business Central's document type order.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } =
    [
        PurchaseQuoteApproval, PurchaseOrderApproval, PurchaseInvoiceApproval, PurchaseCreditMemoApproval, BlanketPurchaseOrderApproval, PurchaseReturnOrderApproval,
        SalesQuoteApproval, SalesOrderApproval, SalesInvoiceApproval, SalesCreditMemoApproval, BlanketSalesOrderApproval, SalesReturnOrderApproval,
    ];

    /// <summary>
    /// P6 from P1 (Business Central's InsertSalesDocWithCreditLimitApprovalWorkflowSteps): the credit limit check comes
    /// between the request and the restriction; exceeded → P1 from the restriction on; not exceeded → Pending Approval →
    /// the sender's own approval, approved at once → release. The check and its first event go right after the entry
    /// point and the other branch at the end, so that each step follows one defined before it.
    /// </summary>
    private static WorkflowTemplateDefinition CreditLimit(WorkflowTemplateDefinition p1)
    {
        const int Restrict = 2;
        const int Check = 25, Exceeded = 26, NotExceeded = 27, PendingApproval = 28, ApproveAutomatically = 29, Release = 30;
        var steps = p1.Steps.Select(s => s.Id == Restrict ? s with { PreviousStepId = Exceeded } : s).ToList();
        steps.InsertRange(1,
        [
            new(Check, WorkflowStepType.Response, CreditLimitResponses.CheckCustomerCreditLimitCode, steps[0].Id),
            new(Exceeded, WorkflowStepType.Event, DocumentEvents.CreditLimitExceededCode, Check) { SequenceNo = 1 },
        ]);
        steps.AddRange(
        [
            new(NotExceeded, WorkflowStepType.Event, DocumentEvents.CreditLimitNotExceededCode, Check) { SequenceNo = 2 },
            new(PendingApproval, WorkflowStepType.Response, DocumentStatusResponse.SetStatusPendingApprovalCode, NotExceeded),
            new(ApproveAutomatically, WorkflowStepType.Response, HostApprovalCodes.CreateAndApproveAutomatically, PendingApproval),
            new(Release, WorkflowStepType.Response, DocumentStatusResponse.ReleaseDocumentCode, ApproveAutomatically),
        ]);
        return p1 with { Steps = steps };
    }

    private static WorkflowTemplateDefinition Purchase(string code, string businessCentralCode, string description, string documentType, string approverType, string approverLimitType) =>
        Build(code, description, PurchaseCategory, DocumentEvents.PurchaseApprovalRequestedCode, DocumentEvents.PurchaseApprovalCanceledCode,
            documentType, approverType, approverLimitType, PurchaseLimit) with { BusinessCentralCode = businessCentralCode };

    private static WorkflowTemplateDefinition Sales(string code, string businessCentralCode, string description, string documentType, string approverType, string approverLimitType) =>
        Build(code, description, SalesCategory, DocumentEvents.SalesApprovalRequestedCode, DocumentEvents.SalesApprovalCanceledCode,
            documentType, approverType, approverLimitType, SalesLimit) with { BusinessCentralCode = businessCentralCode };

    private static WorkflowTemplateDefinition Build(
        string code,
        string description,
        string category,
        string requestedEvent,
        string canceledEvent,
        string documentType,
        string approverType,
        string approverLimitType,
        string approvalLimit) =>
        Build(code, description, category, requestedEvent, canceledEvent,
            new Dictionary<string, string> { [DocumentRecordTypes.DocumentTypeField] = documentType, [ApprovalStatus.Field] = ApprovalStatus.Open },
            approverType, approverLimitType, approvalLimit);

    /// <summary>Pattern P1 on any record type with a status; <paramref name="entryConditions"/> pick the documents it approves.</summary>
    internal static WorkflowTemplateDefinition Build(
        string code,
        string description,
        string category,
        string requestedEvent,
        string canceledEvent,
        IReadOnlyDictionary<string, string> entryConditions,
        string approverType,
        string approverLimitType,
        string approvalLimit)
    {
        const int Requested = 1, Restrict = 2, PendingApproval = 3, Create = 4, Send = 5;
        const int Approved = 6, AllowApproved = 7, Release = 8;
        const int ApprovedPending = 9, SendNext = 10;
        const int Rejected = 11, RejectAll = 12, ReopenRejected = 13;
        const int Canceled = 14, CancelRequest = 15, AllowCanceled = 16, ReopenCanceled = 17, CanceledMessageStep = 18;
        const int Delegated = 19, SendDelegated = 20;
        const int RequestCanceled = 21, AllowRequestCanceled = 22, ReopenRequestCanceled = 23, RequestCanceledMessage = 24;

        var message = new Dictionary<string, string> { [GenericResponseCodes.MessageOption] = CanceledMessage };
        return new WorkflowTemplateDefinition(code, description, category,
        [
            new(Requested, WorkflowStepType.Event, requestedEvent, PreviousStepId: null) { EntryPoint = true, Conditions = entryConditions },
            new(Restrict, WorkflowStepType.Response, GenericResponseCodes.RestrictRecordUsage, Requested),
            new(PendingApproval, WorkflowStepType.Response, DocumentStatusResponse.SetStatusPendingApprovalCode, Restrict),
            // Business Central's templates leave the due date formula blank (no due date) and show the confirmation.
            new(Create, WorkflowStepType.Response, HostApprovalCodes.CreateApprovalRequests, PendingApproval)
            {
                Options = HostApprovalCodes.CreateOptions.For(approverType, approverLimitType, approvalLimit),
            },
            new(Send, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Create),

            new(Approved, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Send)
            {
                SequenceNo = 1,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = "0" },
            },
            new(AllowApproved, WorkflowStepType.Response, GenericResponseCodes.AllowRecordUsage, Approved),
            new(Release, WorkflowStepType.Response, DocumentStatusResponse.ReleaseDocumentCode, AllowApproved),

            // Approvals still pending: send again (opens the next sequence or re-notifies), then wait as after the first send.
            new(ApprovedPending, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Send)
            {
                SequenceNo = 2,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = ">0" },
            },
            new(SendNext, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, ApprovedPending) { NextStepId = Send },

            new(Rejected, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestRejected, Send) { SequenceNo = 3 },
            new(RejectAll, WorkflowStepType.Response, HostApprovalCodes.RejectApprovalRequest, Rejected)
            {
                Options = new Dictionary<string, string> { [HostApprovalCodes.NotifySenderOption] = "true" },
            },
            new(ReopenRejected, WorkflowStepType.Response, DocumentStatusResponse.ReopenDocumentCode, RejectAll),

            // The user cancels the request from the document: the pending entries are canceled, then the document reopens.
            new(Canceled, WorkflowStepType.Event, canceledEvent, Send)
            {
                SequenceNo = 4,
                Conditions = new Dictionary<string, string> { [ApprovalStatus.Field] = ApprovalStatus.PendingApproval },
            },
            new(CancelRequest, WorkflowStepType.Response, HostApprovalCodes.CancelApprovalRequest, Canceled),
            new(AllowCanceled, WorkflowStepType.Response, GenericResponseCodes.AllowRecordUsage, CancelRequest),
            new(ReopenCanceled, WorkflowStepType.Response, DocumentStatusResponse.ReopenDocumentCode, AllowCanceled),
            new(CanceledMessageStep, WorkflowStepType.Response, GenericResponseCodes.ShowMessage, ReopenCanceled) { Options = message },

            new(Delegated, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestDelegated, Send) { SequenceNo = 5 },
            new(SendDelegated, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Delegated) { NextStepId = Send },

            // The sender cancels the approval request itself: its entries are canceled already.
            new(RequestCanceled, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestCanceled, Send) { SequenceNo = 6 },
            new(AllowRequestCanceled, WorkflowStepType.Response, GenericResponseCodes.AllowRecordUsage, RequestCanceled),
            new(ReopenRequestCanceled, WorkflowStepType.Response, DocumentStatusResponse.ReopenDocumentCode, AllowRequestCanceled),
            new(RequestCanceledMessage, WorkflowStepType.Response, GenericResponseCodes.ShowMessage, ReopenRequestCanceled) { Options = message },
        ]);
    }
}
