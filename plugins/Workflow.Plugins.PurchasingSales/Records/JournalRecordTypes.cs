using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Posting;

namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>
/// General journal batches and lines (Business Central's tables 232 and 81), item journal batches (233) and requisition
/// worksheet batches (245), approved before they are posted or carried out.
/// </summary>
public static class JournalRecordTypes
{
    /// <summary>Code of <see cref="GenJournalBatch"/>.</summary>
    public const string GenJournalBatchCode = "GEN_JOURNAL_BATCH";

    /// <summary>Code of <see cref="GenJournalLine"/>.</summary>
    public const string GenJournalLineCode = "GEN_JOURNAL_LINE";

    /// <summary>Code of <see cref="ItemJournalBatch"/>.</summary>
    public const string ItemJournalBatchCode = "ITEM_JOURNAL_BATCH";

    /// <summary>Code of <see cref="RequisitionWorksheetBatch"/>.</summary>
    public const string RequisitionWorksheetBatchCode = "REQ_WORKSHEET_BATCH";

    /// <summary>The values of an item journal template's type (Business Central's Item Journal Template Type).</summary>
    public static IReadOnlyList<string> ItemTemplateTypes { get; } =
        ["Item", "Transfer", "Phys. Inventory", "Revaluation", "Consumption", "Output", "Capacity", "Prod. Order"];

    /// <summary>The values of a requisition worksheet template's type (Business Central's Req. Worksheet Template Type).</summary>
    public static IReadOnlyList<string> RequisitionTemplateTypes { get; } = ["Req.", "For. Labor", "Planning"];

    /// <summary>Document Type value of a line without a document type (a blank in Business Central).</summary>
    public const string NoDocumentType = "None";

    /// <summary>The values of a journal template's type (Business Central's Gen. Journal Template Type).</summary>
    public static IReadOnlyList<string> TemplateTypes { get; } =
        ["General", "Sales", "Purchases", "Cash Receipts", "Payments", "Assets", "Intercompany", "Jobs"];

    /// <summary>The values of a journal line's Document Type (Business Central's Gen. Journal Document Type).</summary>
    public static IReadOnlyList<string> DocumentTypes { get; } =
        [NoDocumentType, "Payment", "Invoice", "Credit Memo", "Finance Charge Memo", "Reminder", "Refund"];

    /// <summary>The values of a journal line's Account Type (Business Central's Gen. Journal Account Type).</summary>
    public static IReadOnlyList<string> AccountTypes { get; } =
        ["G/L Account", "Customer", "Vendor", "Bank Account", "Fixed Asset", "IC Partner", "Employee", "Allocation Account"];

    /// <summary>
    /// A general journal batch, sent for approval as a whole; its record id is Business Central's key, e.g.
    /// <c>GENERAL/DEFAULT</c> (template name, batch name). Deleting it is refused while its approval is open.
    /// </summary>
    public static RecordTypeDefinition GenJournalBatch { get; } = new(
        GenJournalBatchCode,
        "General Journal Batch",
        [
            Fields.Text("Journal Template Name"),
            Fields.Text("Name"),
            Fields.Option("Template Type", TemplateTypes),
            Fields.Boolean("Recurring"),
            Fields.Number("Balance"),
            Fields.Option(ApprovalStatus.Field, ApprovalStatus.Values),
        ])
    {
        Deletion = RecordDeletion.RefusedWhilePending,
        JournalPosting = GenJournalPostingRule.Instance,
    };

    /// <summary>
    /// A general journal line, sent for approval on its own (a payment, for example); its record id is its batch's,
    /// then its line number (<c>GENERAL/DEFAULT/10000</c>). Deleting it is refused while its approval is open, and its
    /// batch cannot be sent for approval meanwhile. While a line or batch approval workflow is enabled, a line inserted or
    /// changed is restricted from posting until approved.
    /// </summary>
    public static RecordTypeDefinition GenJournalLine { get; } = new(
        GenJournalLineCode,
        "General Journal Line",
        [
            Fields.Text("Journal Template Name"),
            Fields.Text("Journal Batch Name"),
            Fields.Number("Line No."),
            Fields.Option("Document Type", DocumentTypes),
            Fields.Option("Account Type", AccountTypes),
            Fields.Text("Account No."),
            Fields.Option("Bal. Account Type", AccountTypes),
            Fields.Text("Bal. Account No."),
            Fields.Number("Amount"),
            Fields.Text("Description"),
            Fields.Option("Applies-to Doc. Type", DocumentTypes),
            Fields.Text("Applies-to Doc. No."),
        ])
    {
        Deletion = RecordDeletion.RefusedWhilePending,
        ParentRecordType = GenJournalBatchCode,
        RestrictPostingOnChangeWhileApprovalEnabled = true,
    };

    /// <summary>
    /// An item journal batch (<c>ITEM/DEFAULT</c>), sent for approval as a whole before its lines are posted. Deleting
    /// it is refused while its approval is open.
    /// </summary>
    public static RecordTypeDefinition ItemJournalBatch { get; } = new(
        ItemJournalBatchCode,
        "Item Journal Batch",
        [
            Fields.Text("Journal Template Name"),
            Fields.Text("Name"),
            Fields.Option("Template Type", ItemTemplateTypes),
            Fields.Boolean("Recurring"),
        ])
    {
        Deletion = RecordDeletion.RefusedWhilePending,
    };

    /// <summary>
    /// A requisition worksheet batch (Business Central's Requisition Wksh. Name, <c>REQ/DEFAULT</c>), sent for approval
    /// before its lines are carried out as purchase orders. Deleting it is refused while its approval is open.
    /// </summary>
    public static RecordTypeDefinition RequisitionWorksheetBatch { get; } = new(
        RequisitionWorksheetBatchCode,
        "Requisition Worksheet Batch",
        [
            Fields.Text("Worksheet Template Name"),
            Fields.Text("Name"),
            Fields.Option("Template Type", RequisitionTemplateTypes),
            Fields.Boolean("Recurring"),
        ])
    {
        Deletion = RecordDeletion.RefusedWhilePending,
    };

    /// <summary>Every journal record type, general journal batch first.</summary>
    public static IReadOnlyList<RecordTypeDefinition> All { get; } = [GenJournalBatch, GenJournalLine, ItemJournalBatch, RequisitionWorksheetBatch];
}
