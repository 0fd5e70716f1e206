using Workflow.Abstractions;

namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>
/// Business Central's Incoming Document (table 130): a received invoice or receipt, approved and released before a
/// purchase document or journal line is made from it. Its status has its own values: a reopened incoming document is New
/// again, not Open.
/// </summary>
public static class IncomingDocumentRecordType
{
    /// <summary>Code of <see cref="IncomingDocument"/>.</summary>
    public const string Code = "INCOMING_DOCUMENT";

    /// <summary>Status of a received document not yet released (Business Central's New); what "Reopen" sets.</summary>
    public const string New = "New";

    /// <summary>The values of an incoming document's Status, in Business Central's order.</summary>
    public static IReadOnlyList<string> StatusValues { get; } =
        [New, ApprovalStatus.Released, "Rejected", "Posted", "Created", "Failed", ApprovalStatus.PendingApproval];

    /// <summary>An incoming document, with the fields Business Central's event conditions offer.</summary>
    public static RecordTypeDefinition IncomingDocument { get; } = new(
        Code,
        "Incoming Document",
        [
            Fields.Text("Entry No."),
            Fields.Text("Description"),
            Fields.Text("Created By User ID"),
            Fields.Boolean("Posted"),
            Fields.Text("Vendor Name"),
            Fields.Number("Amount Incl. VAT"),
            Fields.Option(ApprovalStatus.Field, StatusValues),
        ]);
}
