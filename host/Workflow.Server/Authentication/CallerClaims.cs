using System.Security.Claims;
using Workflow.Engine.Identity;

namespace Workflow.Server.Authentication;

/// <summary>Carries the <see cref="CallerIdentity"/> of a request in its claims, and back.</summary>
public static class CallerClaims
{
    private const string Tenant = "wf:tenant", User = "wf:user", Administrator = "wf:admin", SystemTenant = "wf:system", Token = "wf:token";

    public const string TenantAdministratorPolicy = "TenantAdministrator";
    public const string SystemAdministratorPolicy = "SystemAdministrator";

    public static IEnumerable<Claim> From(CallerIdentity caller) =>
    [
        new(Tenant, caller.TenantId),
        new(User, caller.UserId),
        new(ClaimTypes.Name, caller.UserId),
        new(Administrator, caller.IsAdministrator ? "true" : "false"),
        new(SystemTenant, caller.IsSystemTenant ? "true" : "false"),
        new(Token, caller.TokenId),
    ];

    /// <summary>The caller of an authenticated request.</summary>
    public static CallerIdentity Caller(this ClaimsPrincipal principal) => new(
        principal.FindFirstValue(Tenant) ?? throw new InvalidOperationException("The request is not authenticated."),
        principal.FindFirstValue(User)!,
        principal.FindFirstValue(Administrator) == "true",
        principal.FindFirstValue(SystemTenant) == "true",
        principal.FindFirstValue(Token)!);

    public static bool IsTenantAdministrator(this ClaimsPrincipal principal) => principal.FindFirstValue(Administrator) == "true";

    public static bool IsSystemAdministrator(this ClaimsPrincipal principal) =>
        principal.IsTenantAdministrator() && principal.FindFirstValue(SystemTenant) == "true";
}
