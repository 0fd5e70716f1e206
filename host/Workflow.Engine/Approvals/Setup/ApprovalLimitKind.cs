namespace Workflow.Engine.Approvals.Setup;

/// <summary>
/// Which of an approver's limits an amount is compared with (Business Central's "sufficient approver" rules): sales
/// documents use the sales limit, purchase documents the purchase limit, purchase quotes and G/L-account journal lines
/// the request limit.
/// </summary>
[GenerateSerializer, Alias("wf.ApprovalLimitKind")]
public enum ApprovalLimitKind { Purchase, Sales, Request }
