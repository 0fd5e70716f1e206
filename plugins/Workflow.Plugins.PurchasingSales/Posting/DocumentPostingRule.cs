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

    /// <summary>Posting of purchase documents, to the vendor in Buy-from Vendor No.</summary>
    public static DocumentPostingRule Purchase { get; } = new(purchase: true);

    /// <summary>Posting of sales documents, to the customer in Sell-to Customer No.</summary>
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
        var partyNo = document.GetText(partyField);
        if (string.IsNullOrWhiteSpace(partyNo))
            throw new PostingRefusedException($"{partyField} must have a value in {document.RecordType} {document.RecordId} to post it.");
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
            partyNo,
            document.GetText(_purchase ? "Buy-from Vendor Name" : "Sell-to Customer Name"),
            financial,
            delivery,
            amount,
            includingVat,
            document.GetDate("Posting Date") ?? document.GetDate("Document Date"));
    }
}
