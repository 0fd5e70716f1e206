using System.Text.RegularExpressions;
using Workflow.Engine.Identity;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Approvals.Setup;

/// <summary>
/// What an approval user setup and a workflow user group may hold. The checks are pure: the store hands them the tenant's
/// users and the setups stored, read in the same transaction that writes the change, so what they approve is what is kept.
/// Every problem is named by its field.
/// </summary>
public static partial class ApprovalSetupRules
{
    public const int MaxDescriptionLength = 100;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_.-]{0,19}$")]
    private static partial Regex GroupCodePattern();

    public static string NormalizeGroupCode(string code) => code.Trim().ToUpperInvariant();

    /// <summary>User ids upper case, blank optional fields as none, so that stored setups compare by plain equality.</summary>
    public static ApprovalUserSetup Normalize(ApprovalUserSetup setup) => setup with
    {
        UserId = IdentityRules.NormalizeUserId(setup.UserId),
        ApproverId = UserIdOrNone(setup.ApproverId),
        SubstituteId = UserIdOrNone(setup.SubstituteId),
        Email = string.IsNullOrWhiteSpace(setup.Email) ? null : setup.Email.Trim(),
    };

    public static WorkflowUserGroup Normalize(WorkflowUserGroup group) => group with
    {
        Code = NormalizeGroupCode(group.Code),
        Description = group.Description.Trim(),
        Members = group.Members.Select(m => m with { UserId = IdentityRules.NormalizeUserId(m.UserId) }).ToList(),
    };

    /// <param name="setup">The setup as it would be stored, normalised.</param>
    /// <param name="tenantUsers">The user ids of the tenant.</param>
    /// <param name="stored">The tenant's setups as stored now, by user id.</param>
    public static void CheckUserSetup(ApprovalUserSetup setup, IReadOnlySet<string> tenantUsers, IReadOnlyDictionary<string, ApprovalUserSetup> stored, ProblemList problems)
    {
        if (!tenantUsers.Contains(setup.UserId))
            problems.Add("userId", $"user '{setup.UserId}' does not exist in this tenant.");

        if (setup.ApproverId is { } approver)
        {
            if (approver == setup.UserId)
                problems.Add("approverId", "a user cannot be their own approver.");
            else if (!tenantUsers.Contains(approver))
                problems.Add("approverId", $"user '{approver}' does not exist in this tenant.");
            else if (ApproverLoop(setup.UserId, approver, stored) is { } loop)
                problems.Add("approverId", $"would make an approver loop: {string.Join(" → ", loop)}.");
        }

        if (setup.SubstituteId is { } substitute)
        {
            if (substitute == setup.UserId)
                problems.Add("substituteId", "a user cannot be their own substitute.");
            else if (!tenantUsers.Contains(substitute))
                problems.Add("substituteId", $"user '{substitute}' does not exist in this tenant.");
        }

        // Business Central: Unlimited clears the limit, and a limit cannot be set beside it.
        CheckLimit("salesAmountApprovalLimit", "Sales", setup.SalesAmountApprovalLimit, setup.UnlimitedSalesApproval, problems);
        CheckLimit("purchaseAmountApprovalLimit", "Purchase", setup.PurchaseAmountApprovalLimit, setup.UnlimitedPurchaseApproval, problems);
        CheckLimit("requestAmountApprovalLimit", "Request", setup.RequestAmountApprovalLimit, setup.UnlimitedRequestApproval, problems);

        if (setup.Email is { } email && IdentityRules.EmailProblem(email) is { } reason)
            problems.Add("email", reason);
    }

    /// <param name="group">The group as it would be stored, normalised.</param>
    /// <param name="tenantUsers">The user ids of the tenant.</param>
    public static void CheckGroup(WorkflowUserGroup group, IReadOnlySet<string> tenantUsers, ProblemList problems)
    {
        if (!GroupCodePattern().IsMatch(group.Code))
            problems.Add("code", "must be 1 to 20 letters, digits or _ . -, starting with a letter or digit.");
        if (group.Description.Length > MaxDescriptionLength)
            problems.Add("description", $"must be at most {MaxDescriptionLength} characters.");

        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < group.Members.Count; i++)
        {
            var member = group.Members[i];
            if (member.UserId.Length == 0)
                problems.Add($"members[{i}].userId", "is required.");
            else if (!tenantUsers.Contains(member.UserId))
                problems.Add($"members[{i}].userId", $"user '{member.UserId}' does not exist in this tenant.");
            else if (!listed.Add(member.UserId))
                problems.Add($"members[{i}].userId", $"user '{member.UserId}' is listed twice; a user has one place in a group.");
            if (member.SequenceNo < 1)
                problems.Add($"members[{i}].sequenceNo", "must be 1 or more.");
        }
    }

    /// <summary>
    /// The approver chain that setting <paramref name="userId"/>'s approver to <paramref name="approverId"/> would make,
    /// when it leads back to the user (A → B → A); <see langword="null"/> when it ends. Only a loop through the user is
    /// this change's doing: a loop further up that was stored before ends the walk without blaming it.
    /// </summary>
    public static IReadOnlyList<string>? ApproverLoop(string userId, string approverId, IReadOnlyDictionary<string, ApprovalUserSetup> stored)
    {
        var chain = new List<string> { userId };
        var seen = new HashSet<string>(StringComparer.Ordinal) { userId };
        for (string? current = approverId; current is not null; current = stored.GetValueOrDefault(current)?.ApproverId)
        {
            chain.Add(current);
            if (current == userId)
                return chain;
            if (!seen.Add(current))
                return null;
        }
        return null;
    }

    private static void CheckLimit(string field, string kind, decimal limit, bool unlimited, ProblemList problems)
    {
        if (limit < 0)
            problems.Add(field, "must be 0 or more (0 means no approval authority unless the matching Unlimited flag is set).");
        else if (limit != 0 && unlimited)
            problems.Add(field, $"You cannot have both a {kind} Amount Approval Limit and Unlimited {kind} Approval: clear the limit or unlimited{kind}Approval.");
    }

    private static string? UserIdOrNone(string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? null : IdentityRules.NormalizeUserId(userId);
}
