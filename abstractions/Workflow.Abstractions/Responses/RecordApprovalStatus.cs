namespace Workflow.Abstractions;

/// <summary>
/// Where the approval of the record a response runs for stands, as the host knows it. A release response uses it to
/// refuse a document the approval process is not finished with, as Business Central's release does.
/// </summary>
/// <param name="PendingEntries">The record's approval entries not answered yet (Created or Open), in any workflow instance.</param>
/// <param name="ApprovalWorkflows">
/// Codes of the enabled workflows that request approval for records like this one and whose entry conditions hold on
/// the record as it is now (for a document: its approval workflow, while it is Open).
/// </param>
public sealed record RecordApprovalStatus(int PendingEntries, IReadOnlyList<string> ApprovalWorkflows);
