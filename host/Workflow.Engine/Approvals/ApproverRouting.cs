using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Errors;

namespace Workflow.Engine.Approvals;

/// <summary>
/// Decides who approves a request, as Business Central's approvals management does (catalogue §4.3): a workflow user
/// group's members by sequence; or, starting from the sender (or the document's salesperson/purchaser), the direct
/// approver only, the chain of approvers up to the first whose limit covers the amount, only that first qualified
/// approver, or a specific approver. The sender's own entry comes first where Business Central makes one (approver
/// chain, first qualified approver), so a sender whose limit covers the amount needs nobody else. When the setup cannot
/// give an approver the whole event is refused with Business Central's message, before anything is written.
/// </summary>
public sealed class ApproverRouting(ApprovalSetupStore setup)
{
    public async Task<IReadOnlyList<(int SequenceNo, string ApproverId)>> PlanAsync(string tenantId, CreateApprovalRequest request, CancellationToken cancellationToken)
    {
        var setups = await setup.GetAllUserSetupAsync(tenantId, cancellationToken);
        var plan = new List<(int SequenceNo, string ApproverId)>();
        void Add(string approverId) => plan.Add((plan.Count == 0 ? 1 : plan[^1].SequenceNo + 1, approverId));

        if (request.ApproverType == ApproverType.WorkflowUserGroup)
        {
            if (!setups.ContainsKey(request.SenderId))
                throw UserNotInSetup(request.SenderId);
            var group = await setup.FindGroupAsync(tenantId, request.WorkflowUserGroupCode ?? "", cancellationToken);
            if (group is null || group.Members.Count == 0)
                throw new EventRefusedException("A workflow user group with at least one member must be set up.");
            foreach (var member in group.Members.OrderBy(m => m.SequenceNo))
            {
                if (!setups.ContainsKey(member.UserId))
                    throw new EventRefusedException($"The workflow user group member with user ID {member.UserId} does not exist in the Approval User Setup window.");
                plan.Add((member.SequenceNo, member.UserId));
            }
            return plan;
        }

        if (request.ApproverType == ApproverType.SalespersonPurchaser)
        {
            var salesperson = request.SalespersonPurchaserId
                ?? throw new EventRefusedException($"Salespers./Purch. Code must have a value in {request.RecordType} {request.RecordId}. It cannot be zero or empty.");
            if (setups.GetValueOrDefault(salesperson) is not { } salespersonSetup)
                throw new EventRefusedException(
                    $"The salesperson/purchaser user ID {salesperson} does not exist in the Approval User Setup window for Salespers./Purch. Code {salesperson}.");
            switch (request.ApproverLimitType)
            {
                case ApproverLimitType.ApproverChain:
                    Add(salesperson);
                    Chain(salespersonSetup, sufficientOnly: false, request, setups, Add);
                    break;
                case ApproverLimitType.DirectApprover:
                    Add(salesperson);
                    break;
                case ApproverLimitType.FirstQualifiedApprover:
                    if (Sufficient(salespersonSetup, request))
                        Add(salesperson);
                    else
                        Chain(salespersonSetup, sufficientOnly: true, request, setups, Add);
                    break;
                case ApproverLimitType.SpecificApprover:
                    Add(salesperson);
                    Add(SpecificApprover(request, setups));
                    break;
            }
            return plan;
        }

        switch (request.ApproverLimitType)
        {
            case ApproverLimitType.ApproverChain or ApproverLimitType.FirstQualifiedApprover:
            {
                // The sender's own entry (approved at once), then the chain from the sender.
                Add(request.SenderId);
                var senderSetup = setups.GetValueOrDefault(request.SenderId) ?? throw ApproverNotInSetup(request.SenderId);
                Chain(senderSetup, request.ApproverLimitType == ApproverLimitType.FirstQualifiedApprover, request, setups, Add);
                break;
            }
            case ApproverLimitType.DirectApprover:
            {
                var senderSetup = setups.GetValueOrDefault(request.SenderId) ?? throw UserNotInSetup(request.SenderId);
                if (senderSetup.ApproverId is { } approver && setups.ContainsKey(approver))
                    Add(approver);
                else if (senderSetup.ApprovalAdministrator)
                    Add(request.SenderId); // an approval administrator without an approver approves their own request
                else
                    throw ApproverNotInSetup(request.SenderId);
                break;
            }
            case ApproverLimitType.SpecificApprover:
                Add(SpecificApprover(request, setups));
                break;
        }
        return plan;
    }

    /// <summary>
    /// Walks up from <paramref name="start"/> until an approver's limit covers the amount, adding each approver on the way
    /// (or, with <paramref name="sufficientOnly"/>, only the one that covers it). More steps than there are setups means the
    /// chain goes round in a loop.
    /// </summary>
    private static void Chain(ApprovalUserSetup start, bool sufficientOnly, CreateApprovalRequest request,
        IReadOnlyDictionary<string, ApprovalUserSetup> setups, Action<string> add)
    {
        var current = start;
        for (var steps = 1; !Sufficient(current, request); steps++)
        {
            if (steps > setups.Count)
                throw new EventRefusedException("No sufficient approver was found in the approver chain.");
            if (current.ApproverId is not { } approverId)
                throw new EventRefusedException("No qualified approver was found.");
            current = setups.GetValueOrDefault(approverId) ?? throw ApproverNotInSetup(current.UserId);
            if (!sufficientOnly || Sufficient(current, request))
                add(current.UserId);
        }
    }

    private static string SpecificApprover(CreateApprovalRequest request, IReadOnlyDictionary<string, ApprovalUserSetup> setups)
    {
        var approver = request.SpecificApproverId ?? throw new EventRefusedException("A specific approver is required.");
        return setups.ContainsKey(approver) ? approver : throw UserNotInSetup(approver);
    }

    private static bool Sufficient(ApprovalUserSetup setup, CreateApprovalRequest request) =>
        string.Equals(setup.UserId, setup.ApproverId, StringComparison.OrdinalIgnoreCase) || setup.CoversAmount(request.ApprovalLimit, request.Amount);

    private static EventRefusedException UserNotInSetup(string userId) =>
        new($"User ID {userId} does not exist in the Approval User Setup window.");

    private static EventRefusedException ApproverNotInSetup(string userId) =>
        new($"You must set up an approver for user ID {userId} in the Approval User Setup window.");
}
