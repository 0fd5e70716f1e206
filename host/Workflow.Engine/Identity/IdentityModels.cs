namespace Workflow.Engine.Identity;

/// <summary>A tenant: one company's data, kept apart from every other's. The system tenant's administrators run the server.</summary>
public sealed record Tenant(string TenantId, string Name, bool IsSystem, DateTimeOffset CreatedAt);

/// <summary>
/// A user of a tenant. User ids are codes, as in Business Central: stored in upper case. <paramref name="Email"/> is
/// where their e-mail notifications go; <paramref name="TimeZone"/> (an IANA id, UTC when none is set) the time zone
/// the times of day of their notification schedules are in.
/// </summary>
public sealed record WorkflowUser(
    string TenantId, string UserId, string DisplayName, bool IsAdministrator, DateTimeOffset CreatedAt, string? Email = null, string? TimeZone = null);

/// <summary>An API token's public facts; the secret itself is shown once, at issue, and only its hash is stored.</summary>
public sealed record ApiTokenInfo(string TokenId, string UserId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Who a request acts as: the user and the tenant every query of the request is scoped to.</summary>
public sealed record CallerIdentity(string TenantId, string UserId, bool IsAdministrator, bool IsSystemTenant, string TokenId);

/// <summary>A token just issued, with its secret.</summary>
public sealed record IssuedToken(ApiTokenInfo Info, string Secret);
