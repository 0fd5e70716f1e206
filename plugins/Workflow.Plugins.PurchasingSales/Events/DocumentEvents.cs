using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Events;

/// <summary>
/// Events of purchase and sales documents (catalogue §2.1 and §2.2): the user sends a document for approval or cancels
/// the request, and the document is released. They carry the document, so conditions filter on its fields, e.g.
/// Document Type = Invoice.
/// </summary>
public static class DocumentEvents
{
    /// <summary>Code of <see cref="PurchaseApprovalRequested"/> (Business Central's RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL).</summary>
    public const string PurchaseApprovalRequestedCode = "PURCHASE_DOCUMENT_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="PurchaseApprovalCanceled"/> (RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST).</summary>
    public const string PurchaseApprovalCanceledCode = "PURCHASE_DOCUMENT_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="PurchaseReleased"/> (RUNWORKFLOWONAFTERRELEASEPURCHASEDOC).</summary>
    public const string PurchaseReleasedCode = "PURCHASE_DOCUMENT_RELEASED";

    /// <summary>Code of <see cref="PurchaseInvoicePosted"/> (RUNWORKFLOWONAFTERPOSTPURCHASEDOC).</summary>
    public const string PurchaseInvoicePostedCode = "PURCHASE_INVOICE_POSTED";

    /// <summary>Code of <see cref="SalesApprovalRequested"/> (RUNWORKFLOWONSENDSALESDOCFORAPPROVAL).</summary>
    public const string SalesApprovalRequestedCode = "SALES_DOCUMENT_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="SalesApprovalCanceled"/> (RUNWORKFLOWONCANCELSALESAPPROVALREQUEST).</summary>
    public const string SalesApprovalCanceledCode = "SALES_DOCUMENT_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="SalesReleased"/> (RUNWORKFLOWONAFTERRELEASESALESDOC).</summary>
    public const string SalesReleasedCode = "SALES_DOCUMENT_RELEASED";

    /// <summary>Code of <see cref="CreditLimitExceeded"/> (RUNWORKFLOWONCUSTOMERCREDITLIMITEXCEEDED).</summary>
    public const string CreditLimitExceededCode = "CUSTOMER_CREDIT_LIMIT_EXCEEDED";

    /// <summary>Code of <see cref="CreditLimitNotExceeded"/> (RUNWORKFLOWONCUSTOMERCREDITLIMITNOTEXCEEDED).</summary>
    public const string CreditLimitNotExceededCode = "CUSTOMER_CREDIT_LIMIT_NOT_EXCEEDED";

    /// <summary>"Approval of a purchase document is requested."</summary>
    public static WorkflowEventDefinition PurchaseApprovalRequested { get; } =
        ApprovalEvents.Requested(PurchaseApprovalRequestedCode, "purchase document", DocumentRecordTypes.PurchaseDocumentCode);

    /// <summary>"An approval request for a purchase document is canceled."</summary>
    public static WorkflowEventDefinition PurchaseApprovalCanceled { get; } =
        ApprovalEvents.Canceled(PurchaseApprovalCanceledCode, "purchase document", DocumentRecordTypes.PurchaseDocumentCode);

    /// <summary>"A purchase document is released."</summary>
    public static WorkflowEventDefinition PurchaseReleased { get; } =
        new(PurchaseReleasedCode, "A purchase document is released.", DocumentRecordTypes.PurchaseDocumentCode);

    /// <summary>
    /// "A purchase invoice is posted.": raised by the host when an invoice or order is posted, for the posted purchase
    /// invoice (its record id is the posted number), as Business Central's Purch.-Post OnAfterPostPurchaseDoc.
    /// </summary>
    public static WorkflowEventDefinition PurchaseInvoicePosted { get; } =
        new(PurchaseInvoicePostedCode, "A purchase invoice is posted.", PostedDocumentRecordTypes.PostedPurchaseInvoiceCode);

    /// <summary>"Approval of a sales document is requested."</summary>
    public static WorkflowEventDefinition SalesApprovalRequested { get; } =
        ApprovalEvents.Requested(SalesApprovalRequestedCode, "sales document", DocumentRecordTypes.SalesDocumentCode);

    /// <summary>"An approval request for a sales document is canceled."</summary>
    public static WorkflowEventDefinition SalesApprovalCanceled { get; } =
        ApprovalEvents.Canceled(SalesApprovalCanceledCode, "sales document", DocumentRecordTypes.SalesDocumentCode);

    /// <summary>"A sales document is released."</summary>
    public static WorkflowEventDefinition SalesReleased { get; } =
        new(SalesReleasedCode, "A sales document is released.", DocumentRecordTypes.SalesDocumentCode);

    /// <summary>"A customer credit limit is exceeded.": raised by "Check if the customer credit limit is exceeded." on the sales document.</summary>
    public static WorkflowEventDefinition CreditLimitExceeded { get; } =
        new(CreditLimitExceededCode, "A customer credit limit is exceeded.", DocumentRecordTypes.SalesDocumentCode);

    /// <summary>"A customer credit limit is not exceeded.": the check's other outcome.</summary>
    public static WorkflowEventDefinition CreditLimitNotExceeded { get; } =
        new(CreditLimitNotExceededCode, "A customer credit limit is not exceeded.", DocumentRecordTypes.SalesDocumentCode);

    /// <summary>Every document event, in the order users see them.</summary>
    public static IReadOnlyList<WorkflowEventDefinition> All { get; } =
    [
        PurchaseApprovalRequested, PurchaseApprovalCanceled, PurchaseReleased, PurchaseInvoicePosted,
        SalesApprovalRequested, SalesApprovalCanceled, SalesReleased, CreditLimitExceeded, CreditLimitNotExceeded,
    ];
}
