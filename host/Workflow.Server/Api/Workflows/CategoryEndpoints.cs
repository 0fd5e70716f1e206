using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Workflows;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Workflows;

/// <summary>
/// Workflow categories (Business Central's Workflow Category): Business Central's own, which every tenant has, and the
/// tenant's, each with how many templates and workflows it groups. <c>GET /templates?category=</c> and
/// <c>GET /workflows?category=</c> filter by them.
/// </summary>
public static class CategoryEndpoints
{
    public sealed record CategoryBody(string? Description);

    public static void MapCategoryEndpoints(this IEndpointRouteBuilder api)
    {
        var categories = api.MapGroup("/workflow-categories").WithTags("Workflows");
        categories.MapGet("/", List);
        var admin = categories.MapGroup("").RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
        admin.MapPut("/{code}", Put).Accepts<CategoryBody>("application/json");
        admin.MapDelete("/{code}", Delete);
    }

    private static async Task<Ok<IReadOnlyList<WorkflowService.CategoryUse>>> List(ClaimsPrincipal user, WorkflowService service, HttpContext context) =>
        TypedResults.Ok(await service.ListCategoriesAsync(user.Caller().TenantId, context.RequestAborted));

    private static async Task<Ok<WorkflowCategory>> Put(string code, HttpRequest request, ClaimsPrincipal user, WorkflowService service, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<CategoryBody>(request, limits);
        return TypedResults.Ok(await service.PutCategoryAsync(user.Caller().TenantId, code, body.Description, request.HttpContext.RequestAborted));
    }

    private static async Task<NoContent> Delete(string code, ClaimsPrincipal user, WorkflowService service, HttpContext context)
    {
        await service.DeleteCategoryAsync(user.Caller().TenantId, code, context.RequestAborted);
        return TypedResults.NoContent();
    }
}
