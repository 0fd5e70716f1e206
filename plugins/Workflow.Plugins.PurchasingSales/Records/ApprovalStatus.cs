namespace Workflow.Plugins.PurchasingSales.Records;

/// <summary>
/// The <c>Status</c> field of the record types that go through approval and have a status in Business Central
/// (purchase and sales documents, general journal batches), and the values the status responses set.
/// Master data (customers, vendors, items) has no status: its approval restricts the record instead.
/// </summary>
public static class ApprovalStatus
{
    /// <summary>Name of the field.</summary>
    public const string Field = "Status";

    /// <summary>The record can be edited and sent for approval.</summary>
    public const string Open = "Open";

    /// <summary>The record was sent for approval and waits for the approvers.</summary>
    public const string PendingApproval = "Pending Approval";

    /// <summary>The record is approved (or needed no approval) and can be posted.</summary>
    public const string Released = "Released";

    /// <summary>Documents only: released, but a prepayment must be paid before the document is processed further.</summary>
    public const string PendingPrepayment = "Pending Prepayment";

    /// <summary>The values of Business Central's purchase and sales document status.</summary>
    public static IReadOnlyList<string> DocumentValues { get; } = [Open, PendingApproval, Released, PendingPrepayment];

    /// <summary>The values of the status of other approvable records (general journal batches).</summary>
    public static IReadOnlyList<string> Values { get; } = [Open, PendingApproval, Released];
}
