namespace Workflow.Engine.Approvals.Setup;

/// <summary>
/// A user's place in approvals: Business Central's User Setup (table 91, page 663 Approval User Setup). Limits are
/// amounts in the local currency; a limit of 0 without its Unlimited flag gives no approval authority at all.
/// </summary>
/// <param name="UserId">The user of the tenant this setup belongs to, in upper case.</param>
/// <param name="ApproverId">The user's approver (their manager): the next link of an approver chain.</param>
/// <param name="SubstituteId">Who approves in the user's place when an entry of theirs is delegated.</param>
/// <param name="Email">Where the user's approval notifications go.</param>
/// <param name="ApprovalAdministrator">May maintain the approval setup and act on any approval request.</param>
public sealed record ApprovalUserSetup(
    string UserId,
    string? ApproverId = null,
    decimal SalesAmountApprovalLimit = 0,
    bool UnlimitedSalesApproval = false,
    decimal PurchaseAmountApprovalLimit = 0,
    bool UnlimitedPurchaseApproval = false,
    decimal RequestAmountApprovalLimit = 0,
    bool UnlimitedRequestApproval = false,
    string? SubstituteId = null,
    string? Email = null,
    bool ApprovalAdministrator = false)
{
    /// <summary>
    /// Whether this user may approve <paramref name="amount"/> (in LCY) on their own, as Business Central's
    /// IsSufficientApprover decides: the Unlimited flag, or a limit that is not 0 and at least the amount.
    /// </summary>
    public bool CoversAmount(ApprovalLimitKind kind, decimal amount)
    {
        var (limit, unlimited) = kind switch
        {
            ApprovalLimitKind.Sales => (SalesAmountApprovalLimit, UnlimitedSalesApproval),
            ApprovalLimitKind.Purchase => (PurchaseAmountApprovalLimit, UnlimitedPurchaseApproval),
            ApprovalLimitKind.Request => (RequestAmountApprovalLimit, UnlimitedRequestApproval),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown approval limit."),
        };
        return unlimited || (limit != 0 && amount <= limit);
    }
}
