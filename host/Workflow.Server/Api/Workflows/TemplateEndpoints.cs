using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Abstractions;
using Workflow.Engine.Workflows;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Workflows;

/// <summary>
/// The tenant's template library: the loaded plugins' templates (read-only; copy one to make a workflow), less those the
/// tenant's administrators removed; resetting restores them, as Business Central's "Reset Microsoft Templates".
/// </summary>
public static class TemplateEndpoints
{
    public sealed record TemplateResponse(string Code, string Description, string Category, string? BusinessCentralCode, string Plugin, IReadOnlyList<WorkflowStepDefinition> Steps);
    public sealed record ResetResponse(IReadOnlyList<string> Restored);

    public static void MapTemplateEndpoints(this IEndpointRouteBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Templates");
        templates.MapGet("/", List);
        var admin = templates.MapGroup("").RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
        admin.MapDelete("/{code}", Remove);
        admin.MapPost("/reset", Reset);
    }

    private static async Task<Ok<IEnumerable<TemplateResponse>>> List(ClaimsPrincipal user, TemplateLibrary library, HttpContext context, string? category = null) =>
        TypedResults.Ok((await library.ListAsync(user.Caller().TenantId, category?.Trim(), context.RequestAborted)).Select(t => new TemplateResponse(
            t.Code, t.Definition.Description, t.Definition.Category, t.Definition.BusinessCentralCode, t.PluginName, t.Definition.Steps)));

    /// <summary>Removes a template from the tenant's library; workflows copied from it stay as they are.</summary>
    private static async Task<NoContent> Remove(string code, ClaimsPrincipal user, TemplateLibrary library, HttpContext context)
    {
        await library.RemoveAsync(user.Caller().TenantId, code, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ResetResponse>> Reset(ClaimsPrincipal user, TemplateLibrary library, HttpContext context) =>
        TypedResults.Ok(new ResetResponse(await library.ResetAsync(user.Caller().TenantId, context.RequestAborted)));
}
