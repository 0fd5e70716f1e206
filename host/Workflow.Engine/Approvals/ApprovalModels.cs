using Workflow.Engine.Approvals.Setup;

namespace Workflow.Engine.Approvals;

/// <summary>Status of an approval entry (Business Central's table 454).</summary>
[GenerateSerializer, Alias("wf.ApprovalStatus")]
public enum ApprovalStatus { Created, Open, Approved, Rejected, Canceled }

/// <summary>Who approves (Business Central's Approver Type).</summary>
[GenerateSerializer, Alias("wf.ApproverType")]
public enum ApproverType { SalespersonPurchaser, Approver, WorkflowUserGroup }

/// <summary>How far up the approvers a request goes (Business Central's Approver Limit Type).</summary>
[GenerateSerializer, Alias("wf.ApproverLimitType")]
public enum ApproverLimitType { ApproverChain, DirectApprover, FirstQualifiedApprover, SpecificApprover }

/// <summary>
/// When a sequence of a workflow user group is done: every member approves (Business Central), any one approves (the
/// others' entries are canceled), or a quorum of N approves.
/// </summary>
[GenerateSerializer, Alias("wf.GroupCompletion")]
public enum GroupCompletion { All, Any, Quorum }

/// <summary>One approver's part of an approval request.</summary>
[GenerateSerializer, Alias("wf.ApprovalEntry")]
public sealed class ApprovalEntry
{
    [Id(0)] public int EntryNo { get; set; }
    [Id(1)] public int SequenceNo { get; set; }
    [Id(2)] public string SenderId { get; set; } = "";
    [Id(3)] public string ApproverId { get; set; } = "";
    [Id(4)] public ApprovalStatus Status { get; set; }
    [Id(5)] public DateOnly? DueDate { get; set; }
    [Id(6)] public decimal Amount { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset LastModifiedAt { get; set; }
    [Id(9)] public string? LastModifiedBy { get; set; }
    [Id(10)] public DateTimeOffset? OpenedAt { get; set; }
    [Id(11)] public string? DelegatedFromId { get; set; }
    [Id(12)] public DateTimeOffset? OverdueNotifiedAt { get; set; }

    public bool IsPending => Status is ApprovalStatus.Created or ApprovalStatus.Open;
}

/// <summary>A comment on an approval request, by its sender or an approver.</summary>
[GenerateSerializer, Alias("wf.ApprovalComment")]
public sealed record ApprovalComment(DateTimeOffset At, string UserId, string Text);

/// <summary>The options of "Create an approval request", as the response passes them.</summary>
[GenerateSerializer, Immutable, Alias("wf.CreateApprovalRequest")]
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
[GenerateSerializer, Alias("wf.ApprovalActionKind")]
public enum ApprovalActionKind { Approve, Reject, Delegate, Cancel, Comment }

/// <summary>An action on an approval request.</summary>
/// <param name="ActorId">The user acting; null for the workflow itself or a reminder, which the rules always let act.</param>
/// <param name="EntryNo">The entry acted on; when null, the actor's own open entry.</param>
/// <param name="IdempotencyKey">A double click or a client retry with the same key acts once.</param>
[GenerateSerializer, Immutable, Alias("wf.ApprovalAction")]
public sealed record ApprovalAction(ApprovalActionKind Kind, string? ActorId, int? EntryNo, string? Comment, string? IdempotencyKey);

/// <summary>What an action did: the request as it now is, and the events stored in the outbox for the workflow.</summary>
[GenerateSerializer, Alias("wf.ApprovalActionResult")]
public sealed record ApprovalActionResult(ApprovalRequestView Request, IReadOnlyList<Outbox.OutboxEvent> StoredEvents);

/// <summary>An approval request as the API shows it.</summary>
[GenerateSerializer, Alias("wf.ApprovalRequestView")]
public sealed record ApprovalRequestView(
    string RequestId, string RecordType, string RecordId, string WorkflowCode, string SenderId, decimal Amount,
    GroupCompletion GroupCompletion, int Quorum, int PendingApprovals,
    IReadOnlyList<ApprovalEntry> Entries, IReadOnlyList<ApprovalComment> Comments);

/// <summary>What sending did: the request, and when every entry was approved already, the "approved" event's values.</summary>
[GenerateSerializer, Immutable, Alias("wf.ApprovalSendResult")]
public sealed record ApprovalSendResult(ApprovalRequestView Request, IReadOnlyDictionary<string, string?>? ApprovedEventData);

/// <summary>The workflow rejecting or canceling a whole request, for the event <paramref name="EventId"/>.</summary>
/// <param name="NotifySender">Business Central's Notify Sender option: the sender gets a notification of the rejection.</param>
/// <param name="ActorId">The user whose event asks for the cancelation (the sender or an approval administrator may); null for the engine's own.</param>
[GenerateSerializer, Immutable, Alias("wf.CloseApprovalRequest")]
public sealed record CloseApprovalRequest(ApprovalActionKind Kind, string EventId, bool NotifySender, string? ActorId = null);
