using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Posting;

namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>
/// Purchase and sales documents: Business Central's Purchase Header (table 38) and Sales Header (table 36), with the
/// fields its workflow event conditions offer (catalogue §1.3) plus what approval routing reads (the purchaser or
/// salesperson, the amounts).
/// </summary>
public static class DocumentRecordTypes
{
    /// <summary>Code of <see cref="PurchaseDocument"/>.</summary>
    public const string PurchaseDocumentCode = "PURCHASE_DOCUMENT";

    /// <summary>Code of <see cref="SalesDocument"/>.</summary>
    public const string SalesDocumentCode = "SALES_DOCUMENT";

    /// <summary>Name of the field holding the kind of document.</summary>
    public const string DocumentTypeField = "Document Type";

    /// <summary>
    /// Name of the purchase document field holding the purchaser: the user id of the purchaser, which the "Salesperson/
    /// Purchaser" approver type sends the request to.
    /// </summary>
    public const string PurchaserCodeField = "Purchaser Code";

    /// <summary>Name of the sales document field holding the salesperson, as <see cref="PurchaserCodeField"/> for sales.</summary>
    public const string SalespersonCodeField = "Salesperson Code";

    /// <summary>Name of the field holding the document's amount without VAT, which approval limits are compared with.</summary>
    public const string AmountField = "Amount";

    /// <summary>Document Type: a quote.</summary>
    public const string Quote = "Quote";

    /// <summary>Document Type: an order.</summary>
    public const string Order = "Order";

    /// <summary>Document Type: an invoice.</summary>
    public const string Invoice = "Invoice";

    /// <summary>Document Type: a credit memo.</summary>
    public const string CreditMemo = "Credit Memo";

    /// <summary>Document Type: a blanket order.</summary>
    public const string BlanketOrder = "Blanket Order";

    /// <summary>Document Type: a return order.</summary>
    public const string ReturnOrder = "Return Order";

    /// <summary>The values of Document Type, in Business Central's order.</summary>
    public static IReadOnlyList<string> DocumentTypes { get; } = [Quote, Order, Invoice, CreditMemo, BlanketOrder, ReturnOrder];

    /// <summary>A purchase quote, order, invoice, credit memo, blanket order or return order.</summary>
    public static RecordTypeDefinition PurchaseDocument { get; } = new(
        PurchaseDocumentCode,
        "Purchase Document",
        [
            Fields.Option(DocumentTypeField, DocumentTypes),
            Fields.Text("No."),
            Fields.Text("Buy-from Vendor No."),
            Fields.Text("Buy-from Vendor Name"),
            Fields.Text(DocumentPostingRule.PayToVendorField),
            Fields.Text(PurchaserCodeField),
            Fields.Text("Payment Terms Code"),
            Fields.Text("Currency Code"),
            Fields.Number(AmountField),
            Fields.Number("Amount Including VAT"),
            Fields.Date("Document Date"),
            Fields.Date("Posting Date"),
            Fields.Option(ApprovalStatus.Field, ApprovalStatus.DocumentValues),
        ])
    {
        DocumentPosting = DocumentPostingRule.Purchase,
    };

    /// <summary>A sales quote, order, invoice, credit memo, blanket order or return order.</summary>
    public static RecordTypeDefinition SalesDocument { get; } = new(
        SalesDocumentCode,
        "Sales Document",
        [
            Fields.Option(DocumentTypeField, DocumentTypes),
            Fields.Text("No."),
            Fields.Text("Sell-to Customer No."),
            Fields.Text("Sell-to Customer Name"),
            Fields.Text(DocumentPostingRule.BillToCustomerField),
            Fields.Text(SalespersonCodeField),
            Fields.Text("Payment Terms Code"),
            Fields.Text("Currency Code"),
            Fields.Number(AmountField),
            Fields.Number("Amount Including VAT"),
            Fields.Date("Document Date"),
            Fields.Date("Posting Date"),
            Fields.Option(ApprovalStatus.Field, ApprovalStatus.DocumentValues),
        ])
    {
        DocumentPosting = DocumentPostingRule.Sales,
    };

    /// <summary>Both document record types, purchase first.</summary>
    public static IReadOnlyList<RecordTypeDefinition> All { get; } = [PurchaseDocument, SalesDocument];
}
