using Workflow.Engine.Approvals.Setup;

namespace Workflow.Engine.Approvals;

/// <summary>Status of an approval entry (Business Central's table 454).</summary>
public enum ApprovalStatus { Created, Open, Approved, Rejected, Canceled }

/// <summary>Who approves (Business Central's Approver Type).</summary>
public enum ApproverType { SalespersonPurchaser, Approver, WorkflowUserGroup }

/// <summary>How far up the approvers a request goes (Business Central's Approver Limit Type).</summary>
public enum ApproverLimitType { ApproverChain, DirectApprover, FirstQualifiedApprover, SpecificApprover }

/// <summary>
/// When a sequence of a workflow user group is done: every member approves (Business Central), any one approves (the
/// others' entries are canceled), or a quorum of N approves.
/// </summary>
public enum GroupCompletion { All, Any, Quorum }

/// <summary>One approver's part of an approval request.</summary>
public sealed class ApprovalEntry
{
    public int EntryNo { get; set; }
    public int SequenceNo { get; set; }
    public string SenderId { get; set; } = "";
    public string ApproverId { get; set; } = "";
    public ApprovalStatus Status { get; set; }
    public DateOnly? DueDate { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastModifiedAt { get; set; }
    public string? LastModifiedBy { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public string? DelegatedFromId { get; set; }
    public DateTimeOffset? OverdueNotifiedAt { get; set; }

    public bool IsPending => Status is ApprovalStatus.Created or ApprovalStatus.Open;
}

/// <summary>A comment on an approval request, by its sender or an approver.</summary>
public sealed record ApprovalComment(DateTimeOffset At, string UserId, string Text);

/// <summary>The options of "Create an approval request", as the response passes them.</summary>
public sealed record CreateApprovalRequest(
    string EventId,
    string RecordType,
    string RecordId,
    string WorkflowCode,
    string SenderId,
    decimal Amount,
    ApprovalLimitKind ApprovalLimit,
    ApproverType ApproverType,
    ApproverLimitType ApproverLimitType,
    string? WorkflowUserGroupCode,
    string? SpecificApproverId,
    string? SalespersonPurchaserId,
    string? DueDateFormula,
    int? DelegateAfterDays,
    GroupCompletion GroupCompletion,
    int Quorum);

/// <summary>What a user (or the workflow, or a reminder) does to an approval request.</summary>
public enum ApprovalActionKind { Approve, Reject, Delegate, Cancel, Comment }

/// <summary>An action on an approval request.</summary>
/// <param name="ActorId">The user acting; null for the workflow itself or a reminder, which the rules always let act.</param>
/// <param name="EntryNo">The entry acted on; when null, the actor's own open entry.</param>
/// <param name="IdempotencyKey">A double click or a client retry with the same key acts once.</param>
public sealed record ApprovalAction(ApprovalActionKind Kind, string? ActorId, int? EntryNo, string? Comment, string? IdempotencyKey);

/// <summary>What an action did: the request as it now is, and the events stored in the outbox for the workflow.</summary>
public sealed record ApprovalActionResult(ApprovalRequestView Request, IReadOnlyList<Outbox.OutboxEvent> StoredEvents);

/// <summary>An approval request as the API shows it.</summary>
public sealed record ApprovalRequestView(
    string RequestId, string RecordType, string RecordId, string WorkflowCode, string SenderId, decimal Amount,
    GroupCompletion GroupCompletion, int Quorum, int PendingApprovals,
    IReadOnlyList<ApprovalEntry> Entries, IReadOnlyList<ApprovalComment> Comments);
