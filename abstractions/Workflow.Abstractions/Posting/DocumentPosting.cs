namespace Workflow.Abstractions;

/// <summary>
/// What posting one document means, as the plugin that owns its record type reads it from the document: who the ledger
/// entry is for, which posted documents it turns into, and its amounts. The host does the accounting (number series,
/// ledger entries, G/L accounts from the tenant's posting setup) in one transaction with the removal of the document.
/// </summary>
/// <param name="Party">Whose ledger gets the entry: the vendor's (purchases) or the customer's (sales).</param>
/// <param name="PartyNo">The vendor's or customer's number (Buy-from Vendor No., Sell-to Customer No.).</param>
/// <param name="PartyName">Their name, shown on the posted document.</param>
/// <param name="Financial">The posted document carrying the amounts and the ledger entries: an invoice or a credit memo.</param>
/// <param name="Delivery">
/// For orders and return orders, the posted receipt or shipment posted with it (Business Central's Receive and Invoice);
/// it carries no ledger entries. <see langword="null"/> for invoices and credit memos.
/// </param>
/// <param name="Amount">The amount without VAT, posted to the purchase or sales account.</param>
/// <param name="AmountIncludingVat">The amount with VAT, posted to the vendor or customer; the difference goes to the VAT account.</param>
/// <param name="PostingDate">The posting date; the host's today when <see langword="null"/>.</param>
public sealed record DocumentPosting(
    PostingParty Party,
    string PartyNo,
    string? PartyName,
    PostedDocumentType Financial,
    PostedDocumentType? Delivery,
    decimal Amount,
    decimal AmountIncludingVat,
    DateOnly? PostingDate)
{
    /// <summary>
    /// The records the document uses (its vendors or customers): Business Central's Record Restriction Mgt. refuses the
    /// posting while one of them is restricted ("You cannot use Vendor: V1 for this action.").
    /// </summary>
    public IReadOnlyList<PostingUsedRecord> UsedRecords { get; init; } = [];

    /// <summary>
    /// The event raised for the posted <see cref="Financial"/> document once it is posted (Business Central's "A purchase
    /// invoice is posted."), or <see langword="null"/> for none. The host raises it through its outbox, in the posting's
    /// transaction, on the record <see cref="PostedDocumentEvent.RecordType"/> / the posted document's number, with the
    /// fields <c>No.</c>, <c>Pre-Assigned No.</c> (the open document's id), <c>Pay-to Vendor No.</c> or
    /// <c>Bill-to Customer No.</c> (the party posted to), <c>Amount</c>, <c>Amount Including VAT</c>, <c>Remaining Amount</c> and
    /// <c>Posting Date</c>. Instances of the open document waiting for the event continue on the posted document instead
    /// of ending with it.
    /// </summary>
    public PostedDocumentEvent? PostedEvent { get; init; }
}

/// <summary>A record a posting uses, by record type and id: a document's vendor, a journal line's customer.</summary>
/// <param name="RecordType">Its record type, e.g. <c>VENDOR</c>.</param>
/// <param name="RecordId">Its id, e.g. the vendor's No.</param>
public sealed record PostingUsedRecord(string RecordType, string RecordId);

/// <summary>An event raised on a posted document: its code, and the record type the posted document is a record of.</summary>
/// <param name="EventCode">The event, registered by the plugin for <paramref name="RecordType"/>.</param>
/// <param name="RecordType">The record type of the posted document (Business Central's Purch. Inv. Header), whose ids are the posted numbers.</param>
public sealed record PostedDocumentEvent(string EventCode, string RecordType);

/// <summary>Whose subledger a posting writes to.</summary>
public enum PostingParty
{
    /// <summary>A vendor: a vendor ledger entry, balanced on the payables account.</summary>
    Vendor,
    /// <summary>A customer: a customer ledger entry, balanced on the receivables account.</summary>
    Customer,
}

/// <summary>The posted documents posting produces, each with its own number series (Business Central's tables 120–125, 6650, 6660).</summary>
public enum PostedDocumentType
{
    /// <summary>Purch. Rcpt. Header: what an order received.</summary>
    PurchaseReceipt,
    /// <summary>Purch. Inv. Header: a posted purchase invoice.</summary>
    PurchaseInvoice,
    /// <summary>Return Shipment Header: what a purchase return order shipped back.</summary>
    PurchaseReturnShipment,
    /// <summary>Purch. Cr. Memo Hdr.: a posted purchase credit memo.</summary>
    PurchaseCreditMemo,
    /// <summary>Sales Shipment Header: what a sales order shipped.</summary>
    SalesShipment,
    /// <summary>Sales Invoice Header: a posted sales invoice.</summary>
    SalesInvoice,
    /// <summary>Return Receipt Header: what a sales return order received back.</summary>
    SalesReturnReceipt,
    /// <summary>Sales Cr.Memo Header: a posted sales credit memo.</summary>
    SalesCreditMemo,
}

/// <summary>
/// Reads what posting a document of a record type means (<see cref="RecordTypeDefinition.DocumentPosting"/>). The host
/// calls it once the document may be posted (Released, not restricted, no approval entries open).
/// </summary>
public interface IDocumentPosting
{
    /// <summary>
    /// What posting <paramref name="document"/> produces. Throw <see cref="PostingRefusedException"/> with the reason when
    /// this document cannot be posted (a quote, no vendor, a zero amount).
    /// </summary>
    DocumentPosting Describe(WorkflowRecord document);
}

/// <summary>A document or journal that cannot be posted as it is; the message says why. Nothing is posted.</summary>
public sealed class PostingRefusedException(string message) : Exception(message);
