using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Errors;
using Workflow.Engine.Identity;
using Workflow.Engine.Workflows;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Approvals;

/// <summary>
/// The tenant's approval setup: Approval User Setup (approvers, limits, substitutes) and workflow user groups. Everyone
/// reads it, since it says who approves what; tenant administrators and approval administrators change it.
/// </summary>
public static class ApprovalSetupEndpoints
{
    public sealed record UserSetupRequest(
        string? UserId = null,
        string? ApproverId = null,
        decimal SalesAmountApprovalLimit = 0,
        bool UnlimitedSalesApproval = false,
        decimal PurchaseAmountApprovalLimit = 0,
        bool UnlimitedPurchaseApproval = false,
        decimal RequestAmountApprovalLimit = 0,
        bool UnlimitedRequestApproval = false,
        string? SubstituteId = null,
        string? Email = null,
        bool ApprovalAdministrator = false);

    public sealed record GroupRequest(string? Code, string? Description, IReadOnlyList<MemberRequest?>? Members);
    public sealed record MemberRequest(string? UserId, int? SequenceNo);

    public static void MapApprovalSetupEndpoints(this IEndpointRouteBuilder api)
    {
        var setups = api.MapGroup("/approval-user-setup").WithTags("Approval setup");
        setups.MapGet("/", ListUserSetups);
        setups.MapGet("/{userId}", GetUserSetup);
        setups.MapPut("/{userId}", PutUserSetup).Accepts<UserSetupRequest>("application/json");
        setups.MapDelete("/{userId}", DeleteUserSetup);

        var groups = api.MapGroup("/workflow-user-groups").WithTags("Approval setup");
        groups.MapGet("/", ListGroups);
        groups.MapGet("/{code}", GetGroup);
        groups.MapPut("/{code}", PutGroup).Accepts<GroupRequest>("application/json");
        groups.MapDelete("/{code}", DeleteGroup);
    }

    private static async Task<Ok<IReadOnlyList<ApprovalUserSetup>>> ListUserSetups(ClaimsPrincipal user, ApprovalSetupStore store, HttpContext context) =>
        TypedResults.Ok(await store.ListUserSetupsAsync(user.Caller().TenantId, context.RequestAborted));

    private static async Task<Ok<ApprovalUserSetup>> GetUserSetup(string userId, ClaimsPrincipal user, ApprovalSetupStore store, HttpContext context) =>
        TypedResults.Ok(await store.FindUserSetupAsync(user.Caller().TenantId, userId, context.RequestAborted) ?? throw NoSetup(userId));

    private static async Task<Results<Created<ApprovalUserSetup>, Ok<ApprovalUserSetup>>> PutUserSetup(
        string userId, HttpRequest request, ClaimsPrincipal user, ApprovalSetupStore store, ApiOptions limits)
    {
        var caller = await ApprovalAdministratorAsync(user, store, request.HttpContext.RequestAborted);
        var body = await JsonBody.ReadAsync<UserSetupRequest>(request, limits);
        if (body.UserId is { } bodyUserId && IdentityRules.NormalizeUserId(bodyUserId) != IdentityRules.NormalizeUserId(userId))
            throw new ValidationFailedException("userId", "must be the user of the address, or left out.");

        var (setup, created) = await store.UpsertUserSetupAsync(caller.TenantId, new ApprovalUserSetup(userId, body.ApproverId,
            body.SalesAmountApprovalLimit, body.UnlimitedSalesApproval,
            body.PurchaseAmountApprovalLimit, body.UnlimitedPurchaseApproval,
            body.RequestAmountApprovalLimit, body.UnlimitedRequestApproval,
            body.SubstituteId, body.Email, body.ApprovalAdministrator), request.HttpContext.RequestAborted);
        return created
            ? TypedResults.Created($"/api/v1/approval-user-setup/{Uri.EscapeDataString(setup.UserId)}", setup)
            : TypedResults.Ok(setup);
    }

    private static async Task<NoContent> DeleteUserSetup(string userId, ClaimsPrincipal user, ApprovalSetupStore store, HttpContext context)
    {
        var caller = await ApprovalAdministratorAsync(user, store, context.RequestAborted);
        return await store.DeleteUserSetupAsync(caller.TenantId, userId, context.RequestAborted) ? TypedResults.NoContent() : throw NoSetup(userId);
    }

    private static async Task<Ok<IReadOnlyList<WorkflowUserGroup>>> ListGroups(ClaimsPrincipal user, ApprovalSetupStore store, HttpContext context) =>
        TypedResults.Ok(await store.ListGroupsAsync(user.Caller().TenantId, context.RequestAborted));

    private static async Task<Ok<WorkflowUserGroup>> GetGroup(string code, ClaimsPrincipal user, ApprovalSetupStore store, HttpContext context) =>
        TypedResults.Ok(await store.FindGroupAsync(user.Caller().TenantId, code, context.RequestAborted) ?? throw NoGroup(code));

    private static async Task<Results<Created<WorkflowUserGroup>, Ok<WorkflowUserGroup>>> PutGroup(
        string code, HttpRequest request, ClaimsPrincipal user, ApprovalSetupStore store, ApiOptions limits)
    {
        var caller = await ApprovalAdministratorAsync(user, store, request.HttpContext.RequestAborted);
        var body = await JsonBody.ReadAsync<GroupRequest>(request, limits);
        var problems = new ProblemList();
        if (body.Code is { } bodyCode && ApprovalSetupRules.NormalizeGroupCode(bodyCode) != ApprovalSetupRules.NormalizeGroupCode(code))
            problems.Add("code", "must be the group of the address, or left out.");
        var members = body.Members ?? [];
        for (var i = 0; i < members.Count; i++)
            if (members[i] is null)
                problems.Add($"members[{i}]", "must be a member object with userId and sequenceNo, not null.");
        problems.ThrowIfAny();

        // A missing user id or sequence number reaches the rules as empty or 0, which they refuse by field.
        var group = new WorkflowUserGroup(code, body.Description ?? "",
            members.Select(m => new WorkflowUserGroupMember(m!.UserId ?? "", m.SequenceNo ?? 0)).ToList());
        var (stored, created) = await store.UpsertGroupAsync(caller.TenantId, group, request.HttpContext.RequestAborted);
        return created
            ? TypedResults.Created($"/api/v1/workflow-user-groups/{Uri.EscapeDataString(stored.Code)}", stored)
            : TypedResults.Ok(stored);
    }

    private static async Task<NoContent> DeleteGroup(string code, ClaimsPrincipal user, ApprovalSetupStore store, HttpContext context)
    {
        var caller = await ApprovalAdministratorAsync(user, store, context.RequestAborted);
        return await store.DeleteGroupAsync(caller.TenantId, code, context.RequestAborted) ? TypedResults.NoContent() : throw NoGroup(code);
    }

    /// <summary>
    /// Business Central lets the approval administrator maintain the approval setup; here the tenant's administrators may
    /// as well, so a tenant can name its first approval administrator.
    /// </summary>
    private static async Task<CallerIdentity> ApprovalAdministratorAsync(ClaimsPrincipal user, ApprovalSetupStore store, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        if (caller.IsAdministrator || (await store.FindUserSetupAsync(caller.TenantId, caller.UserId, cancellationToken))?.ApprovalAdministrator == true)
            return caller;
        throw new ForbiddenException("Only tenant administrators and approval administrators change the approval setup.");
    }

    private static NotFoundException NoSetup(string userId) =>
        new($"User '{IdentityRules.NormalizeUserId(userId)}' has no approval user setup.");

    private static NotFoundException NoGroup(string code) =>
        new($"Workflow user group '{ApprovalSetupRules.NormalizeGroupCode(code)}' does not exist.");
}
