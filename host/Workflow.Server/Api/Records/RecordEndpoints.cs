using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Errors;
using Workflow.Engine.Instances;
using Workflow.Engine.Notifications;
using Workflow.Engine.Outbox;
using Workflow.Engine.Records;
using Workflow.Engine.Grains;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Records;

/// <summary>Raising events for records, reading records, their instances, the archive and one's notifications.</summary>
public static class RecordEndpoints
{
    public sealed record PageQuery(int Skip, int Take);

    public static void MapRecordEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events/raise", Raise).WithTags("Events").Accepts<WorkflowEventService.RaiseEventRequest>("application/json");
        var refused = api.MapGroup("/events/refused").WithTags("Events").RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
        refused.MapGet("/", ListRefused);
        refused.MapPost("/{eventId}/retry", RetryRefused);
        refused.MapDelete("/{eventId}", DismissRefused);
        // A record id may hold slashes: sent as they are (the rest of the path) or encoded as %2F.
        api.MapGet("/records/{recordType}/{**recordId}", GetRecord).WithTags("Records");
        api.MapDelete("/records/{recordType}/{**recordId}", DeleteRecord).WithTags("Records");

        var instances = api.MapGroup("/instances").WithTags("Instances");
        instances.MapGet("/", ListInstances);
        instances.MapGet("/{instanceId}", GetInstance);

        var archive = api.MapGroup("/archived-step-instances").WithTags("Instances");
        archive.MapGet("/", ListArchive);
        archive.MapDelete("/", DeleteArchive).RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
        api.MapGet("/archived-record-changes", ListArchivedRecordChanges).WithTags("Instances");

        api.MapGet("/notifications", ListNotifications).WithTags("Notifications");
    }

    private static async Task<Ok<EventResult>> Raise(HttpRequest request, ClaimsPrincipal user, WorkflowEventService events, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<WorkflowEventService.RaiseEventRequest>(request, limits);
        // A retry-safe client may send its key as the standard header instead of in the body.
        if (body.IdempotencyKey is null && request.Headers.TryGetValue("Idempotency-Key", out var header) && !string.IsNullOrWhiteSpace(header))
            body = body with { IdempotencyKey = header.ToString() };
        var caller = user.Caller();
        return TypedResults.Ok(await events.RaiseAsync(caller.TenantId, caller.UserId, body, request.HttpContext.RequestAborted));
    }

    /// <summary>
    /// Events the engine raised for itself (an approval answered, a deadline) and then refused, e.g. a next approval step
    /// that finds no approver: they are not retried, and wait here with the reason for an administrator to fix the setup.
    /// </summary>
    private static async Task<Ok<IReadOnlyList<RefusedOutboxEvent>>> ListRefused(ClaimsPrincipal user, EventOutbox outbox, HttpContext context, int skip = 0, int take = 100) =>
        TypedResults.Ok(await outbox.ListRefusedAsync(user.Caller().TenantId, Paging.Skip(skip), Paging.Take(take), context.RequestAborted));

    /// <summary>Raises a refused event again once its cause is fixed: its effect, or the refusal again with the reason.</summary>
    private static async Task<Ok<EventResult>> RetryRefused(string eventId, ClaimsPrincipal user, EventOutboxRelay relay, HttpContext context) =>
        TypedResults.Ok(await relay.RetryRefusedAsync(user.Caller().TenantId, eventId, context.RequestAborted));

    /// <summary>Takes a refused event off the list for good, when an administrator decides it is not to happen.</summary>
    private static async Task<NoContent> DismissRefused(string eventId, ClaimsPrincipal user, EventOutbox outbox, HttpContext context) =>
        await outbox.DismissRefusedAsync(user.Caller().TenantId, eventId, context.RequestAborted)
            ? TypedResults.NoContent()
            : throw new NotFoundException($"There is no refused event '{eventId}'.");

    private static async Task<Ok<RecordView>> GetRecord(string recordType, string recordId, ClaimsPrincipal user, WorkflowEventService events, HttpContext context) =>
        TypedResults.Ok(await events.GetRecordAsync(user.Caller().TenantId, EncodedSlashes(recordType), EncodedSlashes(recordId), context.RequestAborted));

    // ASP.NET Core decodes every escape of a path but %2F, so that a segment cannot turn into two; in a value, it is a slash.
    private static string EncodedSlashes(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Deletes a record: a document or master record takes its approval entries, running instances and restriction with
    /// it; a journal batch or line with open approval entries is refused (409) until its request is canceled.
    /// </summary>
    private static async Task<Ok<RecordDeleted>> DeleteRecord(string recordType, string recordId, ClaimsPrincipal user, WorkflowEventService events)
    {
        var caller = user.Caller();
        return TypedResults.Ok(await events.DeleteRecordAsync(caller.TenantId, caller.UserId, EncodedSlashes(recordType), EncodedSlashes(recordId)));
    }

    private static async Task<Ok<IReadOnlyList<InstanceSummary>>> ListInstances(
        ClaimsPrincipal user, InstanceIndex index, HttpContext context,
        string? workflowCode = null, string? recordType = null, string? recordId = null, string? status = null, int skip = 0, int take = 100)
    {
        var filter = new InstanceFilter(workflowCode, recordType?.ToUpperInvariant(), recordId, ParseStatus(status));
        return TypedResults.Ok(await index.ListAsync(user.Caller().TenantId, filter, Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    private static async Task<Ok<WorkflowInstanceView>> GetInstance(string instanceId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Guid.TryParseExact(instanceId, "N", out _))
            throw new NotFoundException($"Instance '{instanceId}' does not exist.");
        var view = await grains.GetTenantGrain<IWorkflowInstanceGrain>(user.Caller().TenantId, instanceId).Get()
            ?? throw new NotFoundException($"Instance '{instanceId}' does not exist.");
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<IReadOnlyList<ArchivedStepInstance>>> ListArchive(
        ClaimsPrincipal user, InstanceIndex index, HttpContext context,
        string? workflowCode = null, string? recordType = null, string? recordId = null, string? instanceId = null, int skip = 0, int take = 100) =>
        TypedResults.Ok(await index.ListArchivedAsync(user.Caller().TenantId,
            new InstanceFilter(workflowCode, recordType?.ToUpperInvariant(), recordId, InstanceId: instanceId), Paging.Skip(skip), Paging.Take(take), context.RequestAborted));

    /// <summary>The field changes ended instances held (reverted, then applied or discarded), archived with their steps.</summary>
    private static async Task<Ok<IReadOnlyList<ArchivedRecordChange>>> ListArchivedRecordChanges(
        ClaimsPrincipal user, InstanceIndex index, HttpContext context,
        string? workflowCode = null, string? recordType = null, string? recordId = null, string? instanceId = null, int skip = 0, int take = 100) =>
        TypedResults.Ok(await index.ListArchivedRecordChangesAsync(user.Caller().TenantId,
            new InstanceFilter(workflowCode, recordType?.ToUpperInvariant(), recordId, InstanceId: instanceId), Paging.Skip(skip), Paging.Take(take), context.RequestAborted));

    /// <summary>
    /// Deletes the archived steps the filters match, and the record changes their instances held; the whole archive only
    /// when asked for with <c>all=true</c>.
    /// </summary>
    private static async Task<Ok<DeletedResponse>> DeleteArchive(
        ClaimsPrincipal user, InstanceIndex index, HttpContext context,
        string? workflowCode = null, string? recordType = null, string? recordId = null, string? instanceId = null, bool all = false)
    {
        var filtered = workflowCode is not null || recordType is not null || recordId is not null || instanceId is not null;
        // A filter lost on the way (a typo, an empty value) must not turn into "delete everything".
        if (!filtered && !all)
            throw new ValidationFailedException("all", "is required to delete the whole archive (all=true); otherwise filter by workflowCode, recordType, recordId or instanceId.");
        if (filtered && all)
            throw new ValidationFailedException("all", "deletes the whole archive; send it without filters, or the filters without it.");
        return TypedResults.Ok(new DeletedResponse(await index.DeleteArchivedAsync(user.Caller().TenantId,
            new InstanceFilter(workflowCode, recordType?.ToUpperInvariant(), recordId, InstanceId: instanceId), context.RequestAborted)));
    }

    public sealed record DeletedResponse(int Deleted);

    private static async Task<Ok<IReadOnlyList<NotificationListItem>>> ListNotifications(ClaimsPrincipal user, NotificationStore notifications, HttpContext context, int skip = 0, int take = 100)
    {
        var caller = user.Caller();
        return TypedResults.Ok(await notifications.ListForRecipientAsync(caller.TenantId, caller.UserId, Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    private static string? ParseStatus(string? status) =>
        status is null ? null
        : Enum.TryParse<InstanceStatus>(status, ignoreCase: true, out var parsed) ? parsed.ToString()
        : throw new ValidationFailedException("status", $"must be one of: {string.Join(", ", Enum.GetNames<InstanceStatus>())}.");
}
