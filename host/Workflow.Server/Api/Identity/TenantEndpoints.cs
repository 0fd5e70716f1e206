using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Identity;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Identity;

/// <summary>Tenants, managed by the administrators of the system tenant (the operators of the server).</summary>
public static class TenantEndpoints
{
    public sealed record CreateTenantRequest(string? TenantId, string? Name, AdministratorRequest? Administrator);
    public sealed record AdministratorRequest(string? UserId, string? DisplayName);
    public sealed record TenantResponse(string TenantId, string Name, bool IsSystem, DateTimeOffset CreatedAt);
    public sealed record CreatedTenantResponse(string TenantId, string Name, string AdministratorUserId, string AdministratorToken);

    public static void MapTenantEndpoints(this IEndpointRouteBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Tenants").RequireAuthorization(CallerClaims.SystemAdministratorPolicy);
        tenants.MapGet("/", ListTenants);
        tenants.MapPost("/", CreateTenant).Accepts<CreateTenantRequest>("application/json");
    }

    private static async Task<Ok<IEnumerable<TenantResponse>>> ListTenants(IdentityStore identity, HttpContext context)
    {
        var tenants = await identity.ListTenantsAsync(context.RequestAborted);
        return TypedResults.Ok(tenants.Select(t => new TenantResponse(t.TenantId, t.Name, t.IsSystem, t.CreatedAt)));
    }

    private static async Task<Created<CreatedTenantResponse>> CreateTenant(HttpRequest request, IdentityStore identity, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<CreateTenantRequest>(request, limits);
        var (tenant, admin) = await identity.CreateTenantAsync(
            body.TenantId!, body.Name!, isSystem: false, body.Administrator?.UserId!, body.Administrator?.DisplayName!, request.HttpContext.RequestAborted);
        var token = await identity.IssueTokenAsync(tenant.TenantId, admin.UserId, "initial", cancellationToken: request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/tenants/{tenant.TenantId}", new CreatedTenantResponse(tenant.TenantId, tenant.Name, admin.UserId, token.Secret));
    }
}
