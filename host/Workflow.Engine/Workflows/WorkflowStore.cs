using System.Data.Common;
using System.Text.Json;
using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Errors;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Workflows;

/// <summary>
/// Workflows in the <c>workflows</c> table, with the entry-point index <c>workflow_entry_points</c> that lists the
/// enabled workflows per entry event, so raising an event reads only the workflows it can start, however many exist.
/// </summary>
public sealed class WorkflowStore(IStorageProvider storage, TimeProvider clock)
{
    private readonly RevisionCache<long> _catalogVersions = new(storage);

    private static readonly JsonSerializerOptions StepsJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<WorkflowDefinition?> FindAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(connection, "WHERE tenant_id = @TenantId AND code = @Code", new { TenantId = tenantId, Code = code }, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, "WHERE tenant_id = @TenantId ORDER BY code", new { TenantId = tenantId }, cancellationToken);
    }

    /// <summary>The enabled workflows whose entry point is <paramref name="eventCode"/>.</summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> ListEnabledByEntryEventAsync(string tenantId, string eventCode, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection,
            """
            WHERE tenant_id = @TenantId AND enabled = 1 AND code IN (
                SELECT workflow_code FROM workflow_entry_points WHERE tenant_id = @TenantId AND event_code = @EventCode)
            ORDER BY code
            """, new { TenantId = tenantId, EventCode = eventCode.ToUpperInvariant() }, cancellationToken);
    }

    public async Task<WorkflowDefinition> InsertAsync(string tenantId, WorkflowDefinition workflow, CancellationToken cancellationToken) =>
        (await SaveAllAsync(tenantId, [(workflow, null)], [], cancellationToken))[0];

    /// <summary>Replaces a workflow if it is still at <paramref name="expectedVersion"/>; a 409 otherwise.</summary>
    public async Task<WorkflowDefinition> UpdateAsync(string tenantId, WorkflowDefinition workflow, long expectedVersion, CancellationToken cancellationToken) =>
        (await SaveAllAsync(tenantId, [(workflow, expectedVersion)], [], cancellationToken))[0];

    /// <summary>
    /// Saves several workflows and the categories they use in one transaction, all or none (an import of a set): a
    /// workflow without an expected version is inserted (a 409 if its code exists), one with is replaced if still at
    /// that version. Categories the tenant has already keep their description.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> SaveAllAsync(
        string tenantId, IReadOnlyList<(WorkflowDefinition Workflow, long? ExpectedVersion)> workflows, IReadOnlyList<WorkflowCategory> categories,
        CancellationToken cancellationToken)
    {
        var now = Now();
        var saved = new List<WorkflowDefinition>();
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var category in categories)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO workflow_categories (tenant_id, code, description) VALUES (@TenantId, @Code, @Description) ON CONFLICT (tenant_id, code) DO NOTHING",
                new { TenantId = tenantId, category.Code, category.Description }, transaction, cancellationToken: cancellationToken));
        foreach (var (workflow, expectedVersion) in workflows)
        {
            var stored = workflow with { Version = (expectedVersion ?? 0) + 1, UpdatedAt = now };
            var parameters = Row(tenantId, stored, now);
            if (expectedVersion is null)
            {
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO workflows (tenant_id, code, description, category, record_type, enabled, is_template, steps_json, version, created_at_ms, updated_at_ms)
                        VALUES (@TenantId, @Code, @Description, @Category, @RecordType, @Enabled, @IsTemplate, @Steps, 1, @Now, @Now)
                        """, parameters, transaction, cancellationToken: cancellationToken));
                }
                catch (Exception exception) when (storage.IsUniqueViolation(exception))
                {
                    throw new ConflictException($"Workflow '{workflow.Code}' already exists.");
                }
            }
            else
            {
                parameters.Add("ExpectedVersion", expectedVersion);
                var changed = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE workflows SET description = @Description, category = @Category, record_type = @RecordType, enabled = @Enabled,
                        is_template = @IsTemplate, steps_json = @Steps, version = version + 1, updated_at_ms = @Now
                    WHERE tenant_id = @TenantId AND code = @Code AND version = @ExpectedVersion
                    """, parameters, transaction, cancellationToken: cancellationToken));
                if (changed != 1)
                    throw new ConflictException($"Workflow '{workflow.Code}' was changed by someone else (it is no longer at version {expectedVersion}). Read it again and retry.");
            }
            await IndexEntryPointAsync(connection, transaction, tenantId, stored, cancellationToken);
            saved.Add(stored);
        }
        await BumpVersionAsync(connection, transaction, tenantId, cancellationToken);
        await storage.CommitCachedChangeAsync(transaction, cancellationToken);
        return saved;
    }

    /// <summary>The tenant's own workflow categories (the built-in ones are not stored).</summary>
    public async Task<IReadOnlyList<WorkflowCategory>> ListCategoriesAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string Code, string Description)>(new CommandDefinition(
                "SELECT code, description FROM workflow_categories WHERE tenant_id = @TenantId ORDER BY code",
                new { TenantId = tenantId }, cancellationToken: cancellationToken)))
            .Select(r => new WorkflowCategory(r.Code, r.Description, BuiltIn: false)).ToList();
    }

    public async Task UpsertCategoryAsync(string tenantId, WorkflowCategory category, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO workflow_categories (tenant_id, code, description) VALUES (@TenantId, @Code, @Description)
            ON CONFLICT (tenant_id, code) DO UPDATE SET description = excluded.description
            """, new { TenantId = tenantId, category.Code, category.Description }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the tenant's category unless a workflow still has it; returns how many workflows have it (then nothing is deleted).</summary>
    public async Task<int> DeleteCategoryAsync(string tenantId, string code, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inUse = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM workflows WHERE tenant_id = @TenantId AND category = @Code", new { TenantId = tenantId, Code = code }, transaction, cancellationToken: cancellationToken));
        if (inUse == 0)
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM workflow_categories WHERE tenant_id = @TenantId AND code = @Code", new { TenantId = tenantId, Code = code }, transaction, cancellationToken: cancellationToken));
            if (deleted == 0)
                throw new NotFoundException($"Workflow category '{code}' does not exist in this tenant.");
        }
        await transaction.CommitAsync(cancellationToken);
        return inUse;
    }

    public async Task DeleteAsync(string tenantId, string code, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workflows WHERE tenant_id = @TenantId AND code = @Code AND version = @ExpectedVersion",
            new { TenantId = tenantId, Code = code, ExpectedVersion = expectedVersion }, transaction, cancellationToken: cancellationToken));
        if (changed != 1)
            throw new ConflictException($"Workflow '{code}' was changed by someone else. Read it again and retry.");
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workflow_entry_points WHERE tenant_id = @TenantId AND workflow_code = @Code",
            new { TenantId = tenantId, Code = code }, transaction, cancellationToken: cancellationToken));
        await BumpVersionAsync(connection, transaction, tenantId, cancellationToken);
        await storage.CommitCachedChangeAsync(transaction, cancellationToken);
    }

    /// <summary>
    /// A number that changes, in the same transaction, with every change to the tenant's workflows: nodes that cache
    /// parsed workflows compare it (one key lookup) instead of reloading them.
    /// </summary>
    public Task<long> CatalogVersionAsync(string tenantId, CancellationToken cancellationToken) =>
        _catalogVersions.GetAsync(tenantId,
            async connection => await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT version FROM workflow_catalog_versions WHERE tenant_id = @TenantId", new { TenantId = tenantId }, cancellationToken: cancellationToken)) ?? 0,
            (_, version) => Task.FromResult(version), cancellationToken);

    private static Task BumpVersionAsync(DbConnection connection, DbTransaction transaction, string tenantId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO workflow_catalog_versions (tenant_id, version) VALUES (@TenantId, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET version = workflow_catalog_versions.version + 1
            """, new { TenantId = tenantId }, transaction, cancellationToken: cancellationToken));

    private static async Task IndexEntryPointAsync(DbConnection connection, DbTransaction transaction, string tenantId, WorkflowDefinition workflow, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM workflow_entry_points WHERE tenant_id = @TenantId AND workflow_code = @Code",
            new { TenantId = tenantId, workflow.Code }, transaction, cancellationToken: cancellationToken));
        if (workflow is { Enabled: true, EntryPoint: { } entry })
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO workflow_entry_points (tenant_id, event_code, workflow_code) VALUES (@TenantId, @EventCode, @Code)",
                new { TenantId = tenantId, EventCode = entry.FunctionCode.ToUpperInvariant(), workflow.Code }, transaction, cancellationToken: cancellationToken));
    }

    private static DynamicParameters Row(string tenantId, WorkflowDefinition workflow, DateTimeOffset now) => new(new
    {
        TenantId = tenantId,
        workflow.Code,
        workflow.Description,
        workflow.Category,
        workflow.RecordType,
        Enabled = workflow.Enabled ? 1 : 0,
        IsTemplate = workflow.IsTemplate ? 1 : 0,
        Steps = JsonSerializer.Serialize(workflow.Steps, StepsJson),
        Now = now.ToUnixTimeMilliseconds(),
    });

    private static async Task<IReadOnlyList<WorkflowDefinition>> QueryAsync(DbConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<WorkflowRow>(new CommandDefinition(
            $"""
            SELECT code AS Code, description AS Description, category AS Category, record_type AS RecordType, enabled AS Enabled,
                   is_template AS IsTemplate, steps_json AS Steps, version AS Version, updated_at_ms AS UpdatedAt
            FROM workflows {where}
            """, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new WorkflowDefinition(r.Code, r.Description, r.Category, r.RecordType, r.Enabled != 0, r.IsTemplate != 0,
            JsonSerializer.Deserialize<List<WorkflowStepDefinition>>(r.Steps, StepsJson) ?? [], r.Version,
            DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt))).ToList();
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    private sealed class WorkflowRow
    {
        public string Code { get; set; } = "";
        public string Description { get; set; } = "";
        public string? Category { get; set; }
        public string? RecordType { get; set; }
        public long Enabled { get; set; }
        public long IsTemplate { get; set; }
        public string Steps { get; set; } = "[]";
        public long Version { get; set; }
        public long UpdatedAt { get; set; }
    }
}
