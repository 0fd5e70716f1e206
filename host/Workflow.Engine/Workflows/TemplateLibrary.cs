using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Errors;
using Workflow.Engine.Plugins;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Workflows;

/// <summary>
/// A tenant's template library: the templates of the loaded plugins, which come and go with their plugin and cannot be
/// altered (they are code, not rows), less those the tenant's administrators removed from it. Business Central's "Reset
/// Microsoft Templates" deletes and recreates its template rows; here the one thing a tenant can change about the
/// built-in templates is which of them it keeps, so resetting brings every removed one back.
/// </summary>
public sealed class TemplateLibrary(IStorageProvider storage, WorkflowCatalog catalog, TimeProvider clock)
{
    /// <summary>The templates the tenant's library holds, optionally of one category, in the plugins' order.</summary>
    public async Task<IReadOnlyList<CatalogEntry<WorkflowTemplateDefinition>>> ListAsync(string tenantId, string? category, CancellationToken cancellationToken)
    {
        var removed = await RemovedAsync(tenantId, cancellationToken);
        return catalog.Templates
            .Where(t => !removed.Contains(t.Code))
            .Where(t => category is null || string.Equals(t.Definition.Category, category, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>The template if a loaded plugin has it and the tenant has not removed it; null otherwise.</summary>
    public async Task<CatalogEntry<WorkflowTemplateDefinition>?> FindAsync(string tenantId, string code, CancellationToken cancellationToken) =>
        catalog.FindTemplate(code) is { } template && !(await RemovedAsync(tenantId, cancellationToken)).Contains(template.Code) ? template : null;

    /// <summary>Removes a built-in template from the tenant's library; removing it again changes nothing.</summary>
    public async Task RemoveAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        var template = catalog.FindTemplate(code) ?? throw new NotFoundException($"Template '{code}' does not exist: no loaded plugin has it.");
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO removed_templates (tenant_id, code, removed_at_ms) VALUES (@TenantId, @Code, @Now) ON CONFLICT (tenant_id, code) DO NOTHING",
            new { TenantId = tenantId, template.Code, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>Restores every built-in template the tenant removed; returns their codes (those of plugins still loaded).</summary>
    public async Task<IReadOnlyList<string>> ResetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var removed = await RemovedAsync(tenantId, cancellationToken);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM removed_templates WHERE tenant_id = @TenantId", new { TenantId = tenantId }, cancellationToken: cancellationToken));
        return catalog.Templates.Where(t => removed.Contains(t.Code)).Select(t => t.Code).ToList();
    }

    private async Task<HashSet<string>> RemovedAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT code FROM removed_templates WHERE tenant_id = @TenantId", new { TenantId = tenantId }, cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
