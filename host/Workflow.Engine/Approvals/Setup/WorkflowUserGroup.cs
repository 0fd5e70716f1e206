namespace Workflow.Engine.Approvals.Setup;

/// <summary>
/// Business Central's Workflow User Group (tables 1540/1541): approvers by sequence. Members sharing a sequence number
/// approve in parallel; a higher number comes after every lower one.
/// </summary>
/// <param name="Code">Upper case, 1 to 20 characters, like a workflow code.</param>
public sealed record WorkflowUserGroup(string Code, string Description, IReadOnlyList<WorkflowUserGroupMember> Members);

/// <summary>A user of the tenant in a workflow user group, at a sequence number of 1 or more.</summary>
public sealed record WorkflowUserGroupMember(string UserId, int SequenceNo);
