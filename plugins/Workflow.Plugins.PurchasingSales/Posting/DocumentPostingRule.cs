using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Posting;

/// <summary>
/// What posting a purchase or sales document produces, per Document Type as Business Central's Purch.-Post and
/// Sales-Post do with Receive/Ship and Invoice: an invoice posts a posted invoice; a credit memo a posted credit memo; an
/// order a receipt (shipment) and an invoice; a return order a return shipment (receipt) and a credit memo. Quotes and
/// blanket orders are not posted (Business Central makes orders of them first).
/// </summary>
public sealed class DocumentPostingRule : IDocumentPosting
{
    private readonly bool _purchase;

    private DocumentPostingRule(bool purchase) => _purchase = purchase;

    /// <summary>Posting of purchase documents, to the vendor in Pay-to Vendor No. (Buy-from Vendor No. when blank).</summary>
    public static DocumentPostingRule Purchase { get; } = new(purchase: true);

    /// <summary>Posting of sales documents, to the customer in Bill-to Customer No. (Sell-to Customer No. when blank).</summary>
    public static DocumentPostingRule Sales { get; } = new(purchase: false);

    /// <inheritdoc />
    public DocumentPosting Describe(WorkflowRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var documentType = document.GetText(DocumentRecordTypes.DocumentTypeField);
        var (financial, delivery) = documentType switch
        {
            DocumentRecordTypes.Invoice => (_purchase ? PostedDocumentType.PurchaseInvoice : PostedDocumentType.SalesInvoice, (PostedDocumentType?)null),
            DocumentRecordTypes.CreditMemo => (_purchase ? PostedDocumentType.PurchaseCreditMemo : PostedDocumentType.SalesCreditMemo, null),
            DocumentRecordTypes.Order => (_purchase ? PostedDocumentType.PurchaseInvoice : PostedDocumentType.SalesInvoice,
                _purchase ? PostedDocumentType.PurchaseReceipt : PostedDocumentType.SalesShipment),
            DocumentRecordTypes.ReturnOrder => (_purchase ? PostedDocumentType.PurchaseCreditMemo : PostedDocumentType.SalesCreditMemo,
                _purchase ? PostedDocumentType.PurchaseReturnShipment : PostedDocumentType.SalesReturnReceipt),
            null => throw new PostingRefusedException($"{document.RecordType} {document.RecordId} has no Document Type; only invoices, credit memos, orders and return orders are posted."),
            _ => throw new PostingRefusedException($"A {documentType} is not posted: {document.RecordType} {document.RecordId} must be made an order first (only invoices, credit memos, orders and return orders are posted)."),
        };

        var partyField = _purchase ? "Buy-from Vendor No." : "Sell-to Customer No.";
        var buyFrom = document.GetText(partyField);
        if (string.IsNullOrWhiteSpace(buyFrom))
            throw new PostingRefusedException($"{partyField} must have a value in {document.RecordType} {document.RecordId} to post it.");
        // The ledger entry is the pay-to vendor's (bill-to customer's), as Business Central posts it; blank means the same party.
        var payTo = document.GetText(_purchase ? PayToVendorField : BillToCustomerField) is { Length: > 0 } other ? other : buyFrom;
        var partyType = _purchase ? MasterDataRecordTypes.VendorCode : MasterDataRecordTypes.CustomerCode;
        var amount = document.GetNumber(DocumentRecordTypes.AmountField)
            ?? throw new PostingRefusedException($"Amount must have a value in {document.RecordType} {document.RecordId} to post it.");
        if (amount <= 0)
            throw new PostingRefusedException($"There is nothing to post: the Amount of {document.RecordType} {document.RecordId} is {amount}.");
        // A document without VAT figures posts no VAT, as one whose lines carry no VAT.
        var includingVat = document.GetNumber("Amount Including VAT") ?? amount;
        if (includingVat < amount)
            throw new PostingRefusedException($"Amount Including VAT ({includingVat}) is less than Amount ({amount}) in {document.RecordType} {document.RecordId}.");

        return new DocumentPosting(
            _purchase ? PostingParty.Vendor : PostingParty.Customer,
            payTo,
            document.GetText(_purchase ? "Buy-from Vendor Name" : "Sell-to Customer Name"),
            financial,
            delivery,
            amount,
            includingVat,
            document.GetDate("Posting Date") ?? document.GetDate("Document Date"))
        {
            UsedRecords = new[] { buyFrom, payTo }.Distinct(StringComparer.OrdinalIgnoreCase).Select(no => new PostingUsedRecord(partyType, no)).ToList(),
            PostedEvent = financial == PostedDocumentType.PurchaseInvoice
                ? new PostedDocumentEvent(Events.DocumentEvents.PurchaseInvoicePostedCode, PostedDocumentRecordTypes.PostedPurchaseInvoiceCode)
                : null,
        };
    }

    /// <summary>Name of the purchase document field holding the vendor who is paid (Business Central's Pay-to Vendor No.).</summary>
    public const string PayToVendorField = "Pay-to Vendor No.";

    /// <summary>Name of the sales document field holding the customer who is billed (Business Central's Bill-to Customer No.).</summary>
    public const string BillToCustomerField = "Bill-to Customer No.";
}
