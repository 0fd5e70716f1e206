using System.Collections.Concurrent;
using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Records;

/// <summary>
/// What the engine knows about the approval of one record, for the rules that keep a record from getting around its
/// approval: the record's approval entries not answered yet (any instance), and the enabled approval workflows that
/// cover it (Business Central's <c>IsPurchaseApprovalsWorkflowEnabled</c>: an enabled workflow whose entry point requests
/// approval for this record type and whose entry conditions hold on the record as it is).
/// </summary>
public sealed class RecordApprovals(IStorageProvider storage, WorkflowStore workflows, WorkflowRules rules, EventConditionEvaluator conditions, Plugins.WorkflowCatalog catalog)
{
    /// <summary>Business Central's document status values the rules look at (the <c>Status</c> field of a record type).</summary>
    public const string StatusField = "Status";
    public const string Open = "Open";
    public const string PendingApproval = "Pending Approval";
    public const string Released = "Released";

    /// <summary>The response that makes a workflow an approval workflow.</summary>
    private const string CreateApprovalRequests = "CREATE_APPROVAL_REQUESTS";

    private readonly ConcurrentDictionary<string, (long Version, IReadOnlyList<WorkflowDefinition> Workflows)> _approvalWorkflows = new(StringComparer.Ordinal);

    public async Task<RecordApprovalStatus> StatusAsync(string tenantId, string recordType, string recordId, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        var pending = await CountPendingEntriesAsync(tenantId, recordType, recordId, cancellationToken);
        var covering = await CoveringWorkflowsAsync(tenantId, recordType, fields, cancellationToken);
        return new RecordApprovalStatus(pending, covering.Select(w => w.Code).ToList());
    }

    /// <summary>Enabled approval workflows whose entry conditions hold on the record's fields.</summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> CoveringWorkflowsAsync(string tenantId, string recordType, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken) =>
        (await ApprovalWorkflowsAsync(tenantId, cancellationToken))
            .Where(w => w.EntryPoint is { } entry
                        && string.Equals(rules.RecordTypeOf(w, entry)?.Code, recordType, StringComparison.OrdinalIgnoreCase)
                        && conditions.Holds(recordType, entry.Conditions, [], fields, new Dictionary<string, string?>()))
            .ToList();

    /// <summary>True when <paramref name="eventCode"/> starts an enabled approval workflow of the record type: a (re)submission.</summary>
    public async Task<bool> IsApprovalRequestEventAsync(string tenantId, string recordType, string eventCode, CancellationToken cancellationToken) =>
        (await ApprovalWorkflowsAsync(tenantId, cancellationToken)).Any(w => w.EntryPoint is { } entry
            && string.Equals(entry.FunctionCode, eventCode, StringComparison.OrdinalIgnoreCase)
            && string.Equals(rules.RecordTypeOf(w, entry)?.Code, recordType, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The enabled approval workflows that <paramref name="eventCode"/> starts for the record type and that hold a request
    /// for the record with entries not answered yet: sending the record again would start a second approval of it.
    /// </summary>
    public async Task<IReadOnlyList<string>> WorkflowsWithOpenRequestAsync(string tenantId, string recordType, string recordId, string eventCode, CancellationToken cancellationToken)
    {
        var started = (await ApprovalWorkflowsAsync(tenantId, cancellationToken))
            .Where(w => w.EntryPoint is { } entry
                        && string.Equals(entry.FunctionCode, eventCode, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(rules.RecordTypeOf(w, entry)?.Code, recordType, StringComparison.OrdinalIgnoreCase))
            .Select(w => w.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (started.Count == 0)
            return [];
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var open = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT workflow_code FROM approval_entries
            WHERE tenant_id = @TenantId AND record_type = @RecordType AND record_id = @RecordId AND status IN ('Created', 'Open')
            ORDER BY workflow_code
            """, new { TenantId = tenantId, RecordType = recordType, RecordId = recordId }, cancellationToken: cancellationToken));
        return open.Where(started.Contains).ToList();
    }

    /// <summary>The approval requests (ids) that ever had entries for the record, answered ones included.</summary>
    public async Task<IReadOnlyList<string>> RequestIdsAsync(string tenantId, string recordType, string recordId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT request_id FROM approval_entries
            WHERE tenant_id = @TenantId AND record_type = @RecordType AND record_id = @RecordId ORDER BY request_id
            """, new { TenantId = tenantId, RecordType = recordType, RecordId = recordId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Lines of the record (record types whose parent is its type, ids under its id) that have approval entries not
    /// answered yet, e.g. journal lines of a batch sent for approval on their own.
    /// </summary>
    public async Task<IReadOnlyList<string>> LinesWithPendingEntriesAsync(string tenantId, string recordType, string recordId, CancellationToken cancellationToken)
    {
        var lineTypes = catalog.RecordTypes.Where(t => string.Equals(t.Definition.ParentRecordType, recordType, StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Code).ToList();
        if (lineTypes.Count == 0)
            return [];
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        // A prefix comparison rather than LIKE: record ids may hold % and _, which LIKE would take for wildcards.
        var prefix = recordId + "/";
        var lines = new List<string>();
        foreach (var lineType in lineTypes)
            lines.AddRange(await connection.QueryAsync<string>(new CommandDefinition(
                """
                SELECT DISTINCT record_id FROM approval_entries
                WHERE tenant_id = @TenantId AND record_type = @LineType AND status IN ('Created', 'Open')
                  AND substr(record_id, 1, CAST(@PrefixLength AS INTEGER)) = @Prefix
                """, new { TenantId = tenantId, LineType = lineType, Prefix = prefix, PrefixLength = prefix.Length }, cancellationToken: cancellationToken)));
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<int> CountPendingEntriesAsync(string tenantId, string recordType, string recordId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM approval_entries
            WHERE tenant_id = @TenantId AND record_type = @RecordType AND record_id = @RecordId AND status IN ('Created', 'Open')
            """, new { TenantId = tenantId, RecordType = recordType, RecordId = recordId }, cancellationToken: cancellationToken));
    }

    // Per tenant, reloaded when the tenant's workflow catalogue version moves (as the entry-point index does).
    private async Task<IReadOnlyList<WorkflowDefinition>> ApprovalWorkflowsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var version = await workflows.CatalogVersionAsync(tenantId, cancellationToken);
        if (_approvalWorkflows.TryGetValue(tenantId, out var cached) && cached.Version == version)
            return cached.Workflows;
        var approval = (await workflows.ListAsync(tenantId, cancellationToken))
            .Where(w => w.Enabled && w.Steps.Any(s => s.Type == WorkflowStepType.Response
                && string.Equals(s.FunctionCode, CreateApprovalRequests, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        _approvalWorkflows[tenantId] = (version, approval);
        return approval;
    }
}
