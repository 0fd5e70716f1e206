using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Approvals;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Outbox;
using Workflow.Engine.Records;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Approvals;

/// <summary>
/// Approval requests: the caller's inbox (requests to approve, overdue first), the requests they sent, the entries of a
/// record, and the actions on a request. Each action answers with the request and what the workflow did with it.
/// </summary>
public static class ApprovalEndpoints
{
    public sealed record ActionRequest(int? EntryNo, string? Comment, string? IdempotencyKey);
    public sealed record CommentRequest(string? Text);
    public sealed record ActionResponse(ApprovalRequestView Request, IReadOnlyList<EventResult> Workflow);

    public static void MapApprovalEndpoints(this IEndpointRouteBuilder api)
    {
        var approvals = api.MapGroup("/approvals").WithTags("Approvals");
        approvals.MapGet("/requests-to-approve", ToApprove);
        approvals.MapGet("/requests-sent", Sent);
        approvals.MapGet("/entries", ForRecord);
        approvals.MapPost("/send-overdue-notifications", SendOverdueNotifications).RequireAuthorization(CallerClaims.TenantAdministratorPolicy);

        var requests = api.MapGroup("/approval-requests").WithTags("Approvals");
        requests.MapGet("/{requestId}", Get);
        foreach (var kind in new[] { ApprovalActionKind.Approve, ApprovalActionKind.Reject, ApprovalActionKind.Delegate, ApprovalActionKind.Cancel })
            requests.MapPost($"/{{requestId}}/{kind.ToString().ToLowerInvariant()}",
                    (string requestId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, EventOutboxRelay relay, ApiOptions limits) =>
                        ActAsync(kind, requestId, request, user, grains, relay, limits))
                .Accepts<ActionRequest>("application/json");
        requests.MapPost("/{requestId}/comments", Comment).Accepts<CommentRequest>("application/json");
    }

    private static async Task<Ok<IReadOnlyList<ApprovalEntryRow>>> ToApprove(ClaimsPrincipal user, ApprovalEntryIndex index, HttpContext context,
        string? recordType = null, int skip = 0, int take = 100)
    {
        var caller = user.Caller();
        return TypedResults.Ok(await index.ListToApproveAsync(caller.TenantId, caller.UserId, recordType?.ToUpperInvariant(), Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    /// <summary>
    /// Business Central's batch job "Send Overdue Approval Notifications" (report 1509): it raises "The overdue approval
    /// notifications batch job will be run.", which only a workflow acts on; with none enabled for it the run is refused,
    /// in Business Central's words, and nothing is raised.
    /// </summary>
    private static async Task<Ok<EventResult>> SendOverdueNotifications(ClaimsPrincipal user, Workflow.Engine.Workflows.WorkflowStore workflows,
        WorkflowEventService events, HttpContext context)
    {
        var caller = user.Caller();
        if ((await workflows.ListEnabledByEntryEventAsync(caller.TenantId, ApprovalsCatalog.OverdueNotificationsRequested, context.RequestAborted)).Count == 0)
            throw new ConflictException(ApprovalsCatalog.NoOverdueWorkflowMessage);
        return TypedResults.Ok(await events.RaiseAsync(caller.TenantId, caller.UserId, new WorkflowEventService.RaiseEventRequest(
            ApprovalsCatalog.OverdueNotificationsRequested, ApprovalsCatalog.ApprovalEntryRecordType, ApprovalsCatalog.OverdueRunRecordId, null, null, null),
            context.RequestAborted));
    }

    private static async Task<Ok<IReadOnlyList<ApprovalEntryRow>>> Sent(ClaimsPrincipal user, ApprovalEntryIndex index, HttpContext context,
        string? recordType = null, string? status = null, int skip = 0, int take = 100)
    {
        var caller = user.Caller();
        var statusFilter = status is null ? null
            : Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var parsed) ? parsed.ToString()
            : throw new ValidationFailedException("status", $"must be one of: {string.Join(", ", Enum.GetNames<ApprovalStatus>())}.");
        return TypedResults.Ok(await index.ListSentAsync(caller.TenantId, caller.UserId, recordType?.ToUpperInvariant(), statusFilter, Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    /// <summary>
    /// The entries of a record, for its senders, its approvers and administrators only (Business Central shows a user the
    /// entries where they are approver or sender): anyone else sees none, not even that there are some.
    /// </summary>
    private static async Task<Ok<IReadOnlyList<ApprovalEntryRow>>> ForRecord(ClaimsPrincipal user, ApprovalEntryIndex index, ApprovalSetupStore setup, HttpContext context,
        string? recordType = null, string? recordId = null, int skip = 0, int take = 100)
    {
        if (string.IsNullOrWhiteSpace(recordType))
            throw new ValidationFailedException("recordType", "is required.");
        if (string.IsNullOrWhiteSpace(recordId))
            throw new ValidationFailedException("recordId", "is required.");
        var caller = user.Caller();
        var seesAll = caller.IsAdministrator
            || (await setup.GetAllUserSetupAsync(caller.TenantId, context.RequestAborted)).GetValueOrDefault(caller.UserId)?.ApprovalAdministrator == true;
        return TypedResults.Ok(await index.ListForRecordAsync(caller.TenantId, recordType.ToUpperInvariant(), recordId, seesAll ? null : caller.UserId,
            Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    private static async Task<Ok<ApprovalRequestView>> Get(string requestId, ClaimsPrincipal user, IGrainFactory grains, ApprovalSetupStore setup, HttpContext context)
    {
        var caller = user.Caller();
        var view = await RequestOf(grains, caller.TenantId, requestId).Get() ?? throw NotFound(requestId);
        var isApprovalAdministrator = (await setup.GetAllUserSetupAsync(caller.TenantId, context.RequestAborted)).GetValueOrDefault(caller.UserId)?.ApprovalAdministrator == true;
        if (!caller.IsAdministrator && !isApprovalAdministrator && view.SenderId != caller.UserId
            && !view.Entries.Any(e => e.ApproverId == caller.UserId || e.DelegatedFromId == caller.UserId))
            throw new ForbiddenException("Only the sender, the approvers and administrators see this approval request.");
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<ActionResponse>> ActAsync(ApprovalActionKind kind, string requestId, HttpRequest request, ClaimsPrincipal user,
        IGrainFactory grains, EventOutboxRelay relay, ApiOptions limits)
    {
        var caller = user.Caller();
        var body = request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding")
            ? new ActionRequest(null, null, null)
            : await JsonBody.ReadAsync<ActionRequest>(request, limits);
        var key = body.IdempotencyKey ?? (request.Headers.TryGetValue("Idempotency-Key", out var header) ? header.ToString() : null);
        if (key is { Length: > 200 })
            throw new ValidationFailedException("idempotencyKey", "must be at most 200 characters.");
        // Act answers 404 itself for a request that does not exist.
        var grain = RequestOf(grains, caller.TenantId, requestId);
        var result = await grain.Act(new ApprovalAction(kind, caller.UserId, body.EntryNo, body.Comment, key));
        var workflow = await relay.RaiseAsync(caller.TenantId, result.StoredEvents, request.HttpContext.RequestAborted);
        return TypedResults.Ok(new ActionResponse(result.Request, workflow));
    }

    private static async Task<Ok<ApprovalRequestView>> Comment(string requestId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, ApiOptions limits)
    {
        var caller = user.Caller();
        var body = await JsonBody.ReadAsync<CommentRequest>(request, limits);
        if (string.IsNullOrWhiteSpace(body.Text))
            throw new ValidationFailedException("text", "is required.");
        if (body.Text.Length > 2000)
            throw new ValidationFailedException("text", "must be at most 2000 characters.");
        var grain = RequestOf(grains, caller.TenantId, requestId);
        return TypedResults.Ok((await grain.Act(new ApprovalAction(ApprovalActionKind.Comment, caller.UserId, null, body.Text, null))).Request);
    }

    private static IApprovalRequestGrain RequestOf(IGrainFactory grains, string tenantId, string requestId) =>
        Guid.TryParseExact(requestId, "N", out _) ? grains.GetTenantGrain<IApprovalRequestGrain>(tenantId, requestId) : throw NotFound(requestId);

    private static NotFoundException NotFound(string requestId) => new($"Approval request '{requestId}' does not exist.");
}
