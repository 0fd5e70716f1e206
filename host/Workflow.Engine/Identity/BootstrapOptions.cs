namespace Workflow.Engine.Identity;

/// <summary>
/// The tenant and administrator created on the first start of an empty database. Bound from the <c>Bootstrap</c>
/// configuration section. Without <see cref="AdminToken"/> a token is generated and printed once.
/// </summary>
public sealed class BootstrapOptions
{
    public string TenantId { get; set; } = "default";
    public string TenantName { get; set; } = "Default";
    public string AdminUserId { get; set; } = "ADMIN";
    public string AdminDisplayName { get; set; } = "Administrator";

    /// <summary>A fixed token for the bootstrap administrator (at least 32 characters), e.g. for scripted deployments.</summary>
    public string? AdminToken { get; set; }
}
