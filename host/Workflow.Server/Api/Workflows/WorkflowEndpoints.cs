using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Abstractions;
using Workflow.Engine.Errors;
using Workflow.Engine.Workflows;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Workflows;

/// <summary>
/// Workflows of the caller's tenant: read by everyone, changed by administrators. Each response carries the workflow's
/// version as an ETag; send it back in If-Match to make sure nobody changed the workflow since you read it.
/// </summary>
public static class WorkflowEndpoints
{
    public const string ExportFormat = "workflow-export/v1";

    public sealed record WorkflowResponse(string Code, string Description, string? Category, string? RecordType, bool Enabled, bool Template,
        long Version, DateTimeOffset UpdatedAt, IReadOnlyList<WorkflowStepDefinition> Steps);
    public sealed record CopyRequest(string? Code, string? Description);
    public sealed record WorkflowExport(string? Format, WorkflowService.WorkflowDraft? Workflow);

    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapGet("/", List);
        workflows.MapGet("/{code}", Get);
        workflows.MapGet("/{code}/export", Export);

        var admin = workflows.MapGroup("").RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
        admin.MapPost("/", Create).Accepts<WorkflowService.WorkflowDraft>("application/json");
        admin.MapPut("/{code}", Update).Accepts<WorkflowService.WorkflowDraft>("application/json");
        admin.MapDelete("/{code}", Delete);
        admin.MapPost("/{code}/enable", Enable);
        admin.MapPost("/{code}/disable", Disable);
        admin.MapPost("/{code}/copy", Copy).Accepts<CopyRequest>("application/json");
        admin.MapPost("/import", Import).Accepts<WorkflowExport>("application/json");
    }

    private static async Task<Ok<IEnumerable<WorkflowResponse>>> List(ClaimsPrincipal user, WorkflowService service, HttpContext context) =>
        TypedResults.Ok((await service.ListAsync(user.Caller().TenantId, context.RequestAborted)).Select(ToResponse));

    private static async Task<Ok<WorkflowResponse>> Get(string code, ClaimsPrincipal user, WorkflowService service, HttpContext context) =>
        WithETag(context, await service.GetAsync(user.Caller().TenantId, code, context.RequestAborted));

    private static async Task<Ok<WorkflowExport>> Export(string code, ClaimsPrincipal user, WorkflowService service, HttpContext context)
    {
        var workflow = await service.GetAsync(user.Caller().TenantId, code, context.RequestAborted);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{workflow.Code}.workflow.json\"";
        return TypedResults.Ok(new WorkflowExport(ExportFormat,
            new WorkflowService.WorkflowDraft(workflow.Code, workflow.Description, workflow.Category, workflow.RecordType, workflow.IsTemplate, workflow.Steps)));
    }

    private static async Task<Created<WorkflowResponse>> Create(HttpRequest request, ClaimsPrincipal user, WorkflowService service, ApiOptions limits)
    {
        var draft = await JsonBody.ReadAsync<WorkflowService.WorkflowDraft>(request, limits);
        var workflow = await service.CreateAsync(user.Caller().TenantId, draft, request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers.ETag = ETag(workflow);
        return TypedResults.Created($"/api/v1/workflows/{workflow.Code}", ToResponse(workflow));
    }

    private static async Task<Ok<WorkflowResponse>> Update(string code, HttpRequest request, ClaimsPrincipal user, WorkflowService service, ApiOptions limits)
    {
        var draft = await JsonBody.ReadAsync<WorkflowService.WorkflowDraft>(request, limits);
        if (draft.Code is { } bodyCode && !string.Equals(WorkflowRules.NormalizeCode(bodyCode), WorkflowRules.NormalizeCode(code), StringComparison.Ordinal))
            throw new ValidationFailedException("code", "cannot be changed; copy the workflow to give it another code.");
        var workflow = await service.UpdateAsync(user.Caller().TenantId, code, draft, IfMatch(request), request.HttpContext.RequestAborted);
        return WithETag(request.HttpContext, workflow);
    }

    private static async Task<NoContent> Delete(string code, HttpRequest request, ClaimsPrincipal user, WorkflowService service)
    {
        await service.DeleteAsync(user.Caller().TenantId, code, IfMatch(request), request.HttpContext.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WorkflowResponse>> Enable(string code, HttpRequest request, ClaimsPrincipal user, WorkflowService service) =>
        WithETag(request.HttpContext, await service.EnableAsync(user.Caller().TenantId, code, IfMatch(request), request.HttpContext.RequestAborted));

    private static async Task<Ok<WorkflowResponse>> Disable(string code, HttpRequest request, ClaimsPrincipal user, WorkflowService service) =>
        WithETag(request.HttpContext, await service.DisableAsync(user.Caller().TenantId, code, IfMatch(request), request.HttpContext.RequestAborted));

    private static async Task<Created<WorkflowResponse>> Copy(string code, HttpRequest request, ClaimsPrincipal user, WorkflowService service, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<CopyRequest>(request, limits);
        var workflow = await service.CopyAsync(user.Caller().TenantId, code, body.Code, body.Description, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/workflows/{workflow.Code}", ToResponse(workflow));
    }

    private static async Task<Ok<WorkflowResponse>> Import(HttpRequest request, ClaimsPrincipal user, WorkflowService service, ApiOptions limits)
    {
        var file = await JsonBody.ReadAsync<WorkflowExport>(request, limits);
        if (file.Format != ExportFormat)
            throw new ValidationFailedException("format", $"must be '{ExportFormat}', the format GET /api/v1/workflows/{{code}}/export writes.");
        if (file.Workflow is null)
            throw new ValidationFailedException("workflow", "is required.");
        try
        {
            return WithETag(request.HttpContext, await service.ImportAsync(user.Caller().TenantId, file.Workflow, request.HttpContext.RequestAborted));
        }
        catch (ValidationFailedException invalid)
        {
            // The rules name fields of the workflow; in the file they sit under "workflow", where the client looks for them.
            throw new ValidationFailedException(invalid.Errors.ToDictionary(e => $"workflow.{e.Key}", e => e.Value));
        }
    }

    private static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
            return null;
        return long.TryParse(header.Trim('"').Replace("W/", "").Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ValidationFailedException("If-Match", "must be the workflow's ETag, e.g. \"3\".");
    }

    private static Ok<WorkflowResponse> WithETag(HttpContext context, WorkflowDefinition workflow)
    {
        context.Response.Headers.ETag = ETag(workflow);
        return TypedResults.Ok(ToResponse(workflow));
    }

    private static string ETag(WorkflowDefinition workflow) => $"\"{workflow.Version}\"";

    private static WorkflowResponse ToResponse(WorkflowDefinition w) =>
        new(w.Code, w.Description, w.Category, w.RecordType, w.Enabled, w.IsTemplate, w.Version, w.UpdatedAt, w.Steps);
}
