using Workflow.Abstractions;

namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>
/// Posted documents as records of their own, for the workflows that go on after posting (Business Central's MS-PIW): a
/// posted purchase invoice (table 122 Purch. Inv. Header), whose id is its posted number. The host makes it when it posts
/// the invoice, with the values it posted, and raises "A purchase invoice is posted." for it.
/// </summary>
public static class PostedDocumentRecordTypes
{
    /// <summary>Code of <see cref="PostedPurchaseInvoice"/>.</summary>
    public const string PostedPurchaseInvoiceCode = "POSTED_PURCHASE_INVOICE";

    /// <summary>Field: the vendor the invoice is owed to, whose ledger entry the posting wrote.</summary>
    public const string VendorNoField = "Pay-to Vendor No.";

    /// <summary>Field: what is still to be paid of the invoice (all of it when it is posted).</summary>
    public const string RemainingAmountField = "Remaining Amount";

    /// <summary>A posted purchase invoice (Purch. Inv. Header): No., the open document's number as Pre-Assigned No., the vendor and the amounts.</summary>
    public static RecordTypeDefinition PostedPurchaseInvoice { get; } = new(
        PostedPurchaseInvoiceCode,
        "Posted Purchase Invoice",
        [
            Fields.Text("No."),
            Fields.Text("Pre-Assigned No."),
            Fields.Text(VendorNoField),
            Fields.Number("Amount"),
            Fields.Number("Amount Including VAT"),
            Fields.Number(RemainingAmountField),
            Fields.Date("Posting Date"),
        ]);

    /// <summary>Every posted document record type.</summary>
    public static IReadOnlyList<RecordTypeDefinition> All { get; } = [PostedPurchaseInvoice];
}
