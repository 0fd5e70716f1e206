using Microsoft.Extensions.Logging;
using Workflow.Engine.Errors;

namespace Workflow.Engine.Identity;

/// <summary>Creates the system tenant and its administrator when the database has no tenant yet.</summary>
public sealed class IdentityBootstrap(IdentityStore identity, BootstrapOptions options, ILogger<IdentityBootstrap> logger)
{
    /// <summary>The token generated on this start, if the database was empty and no token was configured.</summary>
    public string? GeneratedAdminToken { get; private set; }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (await identity.AnyTenantAsync(cancellationToken))
            return;
        if (options.AdminToken is { Length: < 32 })
            throw new ValidationFailedException("Bootstrap:AdminToken", "must be at least 32 characters.");

        try
        {
            await identity.CreateTenantAsync(options.TenantId, options.TenantName, isSystem: true, options.AdminUserId, options.AdminDisplayName, cancellationToken);
        }
        catch (ConflictException)
        {
            return; // another node bootstrapped the same database first
        }
        var issued = await identity.IssueTokenAsync(options.TenantId, options.AdminUserId, "bootstrap", options.AdminToken, cancellationToken);
        if (options.AdminToken is null)
        {
            GeneratedAdminToken = issued.Secret;
            // Printed once: only its hash is stored.
            logger.LogWarning(
                "Created tenant '{TenantId}' with administrator '{UserId}'. Their API token, shown only this once: {Token}",
                options.TenantId, issued.Info.UserId, issued.Secret);
        }
        else
        {
            logger.LogInformation("Created tenant '{TenantId}' with administrator '{UserId}' and the configured token.", options.TenantId, issued.Info.UserId);
        }
    }
}
