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

    /// <summary>The format of a file holding several workflows and the categories they use.</summary>
    public const string SetExportFormat = "workflow-set/v1";

    public sealed record WorkflowResponse(string Code, string Description, string? Category, string? RecordType, bool Enabled, bool Template,
        long Version, DateTimeOffset UpdatedAt, IReadOnlyList<WorkflowStepDefinition> Steps);
    public sealed record CopyRequest(string? Code, string? Description);
    /// <summary>
    /// An export file: one workflow (<see cref="ExportFormat"/>, <c>workflow</c>), or a set with its categories
    /// (<see cref="SetExportFormat"/>, <c>workflows</c> and <c>categories</c>).
    /// </summary>
    public sealed record WorkflowExport(string? Format, WorkflowService.WorkflowDraft? Workflow,
        IReadOnlyList<WorkflowService.WorkflowDraft?>? Workflows = null, IReadOnlyList<WorkflowService.CategoryDraft?>? Categories = null);

    /// <summary>What an import wrote: the workflows, disabled, in the file's order.</summary>
    public sealed record ImportResponse(IEnumerable<WorkflowResponse> Workflows);

    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapGet("/", List);
        workflows.MapGet("/{code}", Get);
        workflows.MapGet("/{code}/export", Export);
        workflows.MapGet("/{code}/instances", RunningByVersion);
        api.MapGet("/export/workflows", ExportSet).WithTags("Workflows");

        var admin = workflows.MapGroup("").RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
        admin.MapPost("/", Create).Accepts<WorkflowService.WorkflowDraft>("application/json");
        admin.MapPut("/{code}", Update).Accepts<WorkflowService.WorkflowDraft>("application/json");
        admin.MapDelete("/{code}", Delete);
        admin.MapPost("/{code}/enable", Enable);
        admin.MapPost("/{code}/disable", Disable);
        admin.MapPost("/{code}/copy", Copy).Accepts<CopyRequest>("application/json");
        admin.MapPost("/import", Import).Accepts<WorkflowExport>("application/json");
    }

    private static async Task<Ok<IEnumerable<WorkflowResponse>>> List(ClaimsPrincipal user, WorkflowService service, HttpContext context, string? category = null) =>
        TypedResults.Ok((await service.ListAsync(user.Caller().TenantId, category, context.RequestAborted)).Select(ToResponse));

    /// <summary>The workflow's running instances per version of the workflow they run (Business Central keeps them on their own copy).</summary>
    private static async Task<Ok<WorkflowService.WorkflowVersions>> RunningByVersion(string code, ClaimsPrincipal user, WorkflowService service, HttpContext context) =>
        TypedResults.Ok(await service.RunningByVersionAsync(user.Caller().TenantId, code, context.RequestAborted));

    /// <summary>
    /// Several workflows in one file with the categories they use: those of <paramref name="category"/>, those named in
    /// <paramref name="codes"/> (comma-separated), or all of the tenant's.
    /// </summary>
    private static async Task<Ok<WorkflowExport>> ExportSet(ClaimsPrincipal user, WorkflowService service, HttpContext context, string? category = null, string? codes = null)
    {
        var tenantId = user.Caller().TenantId;
        var selected = await service.ListAsync(tenantId, category, context.RequestAborted);
        if (codes is not null)
        {
            var wanted = codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(WorkflowRules.NormalizeCode).ToList();
            if (wanted.Count == 0)
                throw new ValidationFailedException("codes", "must name at least one workflow, e.g. codes=PO-APPROVAL,SO-APPROVAL.");
            var missing = wanted.Where(c => selected.All(w => w.Code != c)).ToList();
            if (missing.Count > 0)
                throw new NotFoundException($"No workflow {string.Join(", ", missing)}{(category is null ? "" : $" in category {category}")}.");
            selected = selected.Where(w => wanted.Contains(w.Code)).ToList();
        }
        var categories = await CategoriesOfAsync(service, tenantId, selected, context.RequestAborted);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"workflows.workflow-set.json\"";
        return TypedResults.Ok(new WorkflowExport(SetExportFormat, null,
            selected.Select(w => (WorkflowService.WorkflowDraft?)new WorkflowService.WorkflowDraft(w.Code, w.Description, w.Category, w.RecordType, w.IsTemplate, w.Steps)).ToList(),
            categories));
    }

    private static async Task<Ok<WorkflowResponse>> Get(string code, ClaimsPrincipal user, WorkflowService service, HttpContext context) =>
        WithETag(context, await service.GetAsync(user.Caller().TenantId, code, context.RequestAborted));

    private static async Task<Ok<WorkflowExport>> Export(string code, ClaimsPrincipal user, WorkflowService service, HttpContext context)
    {
        var tenantId = user.Caller().TenantId;
        var workflow = await service.GetAsync(tenantId, code, context.RequestAborted);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{workflow.Code}.workflow.json\"";
        return TypedResults.Ok(new WorkflowExport(ExportFormat,
            new WorkflowService.WorkflowDraft(workflow.Code, workflow.Description, workflow.Category, workflow.RecordType, workflow.IsTemplate, workflow.Steps),
            Categories: await CategoriesOfAsync(service, tenantId, [workflow], context.RequestAborted)));
    }

    /// <summary>
    /// The categories the workflows have, with their descriptions, as an export file carries them; a code no category
    /// defines travels on the workflow alone.
    /// </summary>
    private static async Task<IReadOnlyList<WorkflowService.CategoryDraft?>> CategoriesOfAsync(
        WorkflowService service, string tenantId, IReadOnlyList<WorkflowDefinition> workflows, CancellationToken cancellationToken)
    {
        var used = workflows.Select(w => w.Category).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (await service.ListCategoriesAsync(tenantId, cancellationToken))
            .Where(c => used.Contains(c.Code) && c.Description.Length > 0)
            .Select(c => (WorkflowService.CategoryDraft?)new WorkflowService.CategoryDraft(c.Code, c.Description))
            .ToList();
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

    /// <summary>
    /// Imports one workflow (answered as the workflow, with its ETag) or a set with its categories (answered as the list),
    /// never enabled; a file naming an event or response no loaded plugin provides is refused whole, listing the codes.
    /// </summary>
    private static async Task<IResult> Import(HttpRequest request, ClaimsPrincipal user, WorkflowService service, ApiOptions limits)
    {
        var file = await JsonBody.ReadAsync<WorkflowExport>(request, limits);
        var tenantId = user.Caller().TenantId;
        var cancellationToken = request.HttpContext.RequestAborted;
        switch (file.Format)
        {
            case ExportFormat:
                if (file.Workflow is null)
                    throw new ValidationFailedException("workflow", "is required.");
                if (file.Workflows is not null)
                    throw new ValidationFailedException("workflows", $"belongs to the format '{SetExportFormat}'; a '{ExportFormat}' file holds one workflow.");
                return WithETag(request.HttpContext,
                    (await service.ImportAllAsync(tenantId, [file.Workflow], file.Categories ?? [], "workflow", cancellationToken))[0]);
            case SetExportFormat:
                if (file.Workflows is not { Count: > 0 })
                    throw new ValidationFailedException("workflows", "is required: the workflows of the set, at least one.");
                if (file.Workflow is not null)
                    throw new ValidationFailedException("workflow", $"belongs to the format '{ExportFormat}'; a '{SetExportFormat}' file lists its workflows in 'workflows'.");
                var imported = await service.ImportAllAsync(tenantId, file.Workflows, file.Categories ?? [], "workflows", cancellationToken);
                return TypedResults.Ok(new ImportResponse(imported.Select(ToResponse)));
            default:
                throw new ValidationFailedException("format",
                    $"must be '{ExportFormat}' (GET /api/v1/workflows/{{code}}/export) or '{SetExportFormat}' (GET /api/v1/export/workflows).");
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
