using Workflow.Engine.Approvals.Setup;

namespace Workflow.Engine.Approvals;

/// <summary>
/// Decides who approves a request, as Business Central's approvals management does: a workflow user group's members by
/// sequence; or, starting from the sender's approver (or the document's salesperson/purchaser), the direct approver only,
/// the chain of approvers up to the first whose limit covers the amount, only that first qualified approver, or a
/// specific approver.
/// </summary>
public sealed class ApproverRouting(ApprovalSetupStore setup)
{
    public async Task<IReadOnlyList<(int SequenceNo, string ApproverId)>> PlanAsync(string tenantId, CreateApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.ApproverType == ApproverType.WorkflowUserGroup)
        {
            var group = await setup.FindGroupAsync(tenantId, request.WorkflowUserGroupCode ?? "", cancellationToken)
                ?? throw new InvalidOperationException($"Workflow user group '{request.WorkflowUserGroupCode}' does not exist.");
            if (group.Members.Count == 0)
                throw new InvalidOperationException($"Workflow user group {group.Code} has no members.");
            return group.Members.OrderBy(m => m.SequenceNo).Select(m => (m.SequenceNo, m.UserId)).ToList();
        }

        if (request.ApproverLimitType == ApproverLimitType.SpecificApprover)
            return [(1, request.SpecificApproverId ?? throw new InvalidOperationException("A specific approver is required."))];

        var setups = await setup.GetAllUserSetupAsync(tenantId, cancellationToken);
        string first;
        if (request.ApproverType == ApproverType.SalespersonPurchaser)
            first = request.SalespersonPurchaserId
                ?? throw new InvalidOperationException($"{request.RecordType} {request.RecordId} has no salesperson/purchaser to send the approval request to.");
        else
            first = setups.GetValueOrDefault(request.SenderId)?.ApproverId
                ?? throw new InvalidOperationException($"User {request.SenderId} has no approver in the approval user setup.");

        if (request.ApproverLimitType == ApproverLimitType.DirectApprover)
            return [(1, first)];

        var chain = new List<string>();
        for (var current = first; ; current = setups.GetValueOrDefault(current)?.ApproverId
                 ?? throw new InvalidOperationException(
                     $"No approver in the chain from {first} has a {request.ApprovalLimit.ToString().ToLowerInvariant()} approval limit covering {request.Amount}: the chain ends at {current}."))
        {
            if (chain.Contains(current, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOperationException($"The approver chain from {first} loops back to {current}.");
            chain.Add(current);
            if (setups.GetValueOrDefault(current) is { } currentSetup && currentSetup.CoversAmount(request.ApprovalLimit, request.Amount))
                break;
        }

        return request.ApproverLimitType == ApproverLimitType.FirstQualifiedApprover
            ? [(1, chain[^1])]
            : chain.Select((approver, index) => (index + 1, approver)).ToList();
    }
}
