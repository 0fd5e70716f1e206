using System.Data.Common;
using System.Text.Json;
using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Instances;

/// <summary>A running or ended instance as listed, without its steps.</summary>
/// <param name="WorkflowVersion">The workflow's version the instance copied its steps from; 0 when started before versions were kept.</param>
public sealed record InstanceSummary(string InstanceId, string WorkflowCode, string RecordType, string RecordId, InstanceStatus Status, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt,
    long WorkflowVersion = 0);

/// <summary>A field change an ended instance held (Business Central's Workflow Record Change Archive).</summary>
public sealed record ArchivedRecordChange(
    string InstanceId, int ChangeNo, string WorkflowCode, string RecordType, string RecordId, string Field, string? OldValue, string? NewValue,
    bool Active, string InstanceStatus, DateTimeOffset ArchivedAt);

/// <summary>How many instances of a workflow run on one of its versions.</summary>
public sealed record VersionInstances(long Version, int Running);

/// <summary>A step instance moved to the archive when its instance ended.</summary>
public sealed record ArchivedStepInstance(
    string InstanceId, int StepId, string WorkflowCode, string RecordType, string RecordId, string StepType, string FunctionCode,
    string? Description, int? PreviousStepId, int SequenceNo, string Status, string InstanceStatus, DateTimeOffset StartedAt, DateTimeOffset ArchivedAt);

/// <summary>Filters of instance and archive listings; null means any.</summary>
public sealed record InstanceFilter(string? WorkflowCode = null, string? RecordType = null, string? RecordId = null, string? Status = null, string? InstanceId = null);

/// <summary>
/// The queryable side of instances: instance grains keep their full state in grain storage, and mirror a summary row here
/// on every write so instances can be listed by workflow, record and status; ended instances' steps go to the archive.
/// </summary>
public sealed class InstanceIndex(IStorageProvider storage, TimeProvider clock)
{
    /// <summary>Adds the instance's summary row to the writes of the instance grain's turn.</summary>
    public void Upsert(WriteBatch batch, string tenantId, InstanceSummary summary) =>
        batch.Add(
            """
            INSERT INTO workflow_instances (tenant_id, instance_id, workflow_code, record_type, record_id, status, started_at_ms, updated_at_ms, workflow_version)
            VALUES (@TenantId, @InstanceId, @WorkflowCode, @RecordType, @RecordId, @Status, @StartedAt, @UpdatedAt, @WorkflowVersion)
            ON CONFLICT (tenant_id, instance_id) DO UPDATE SET status = excluded.status, updated_at_ms = excluded.updated_at_ms
            """,
            new
            {
                TenantId = tenantId, summary.InstanceId, summary.WorkflowCode, summary.RecordType, summary.RecordId, Status = summary.Status.ToString(),
                StartedAt = summary.StartedAt.ToUnixTimeMilliseconds(), UpdatedAt = summary.UpdatedAt.ToUnixTimeMilliseconds(), summary.WorkflowVersion,
            });

    public async Task<int> CountRunningAsync(string tenantId, string workflowCode, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM workflow_instances WHERE tenant_id = @TenantId AND workflow_code = @WorkflowCode AND status = 'Running'",
            new { TenantId = tenantId, WorkflowCode = workflowCode }, cancellationToken: cancellationToken));
    }

    /// <summary>The running instances of a workflow, counted per version of the workflow they run, newest version first.</summary>
    public async Task<IReadOnlyList<VersionInstances>> CountRunningByVersionAsync(string tenantId, string workflowCode, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Version, long Running)>(new CommandDefinition(
            """
            SELECT COALESCE(workflow_version, 0), COUNT(*) FROM workflow_instances
            WHERE tenant_id = @TenantId AND workflow_code = @WorkflowCode AND status = 'Running'
            GROUP BY COALESCE(workflow_version, 0) ORDER BY COALESCE(workflow_version, 0) DESC
            """, new { TenantId = tenantId, WorkflowCode = workflowCode }, cancellationToken: cancellationToken));
        return rows.Select(r => new VersionInstances(r.Version, (int)r.Running)).ToList();
    }

    public async Task<IReadOnlyList<InstanceSummary>> ListAsync(string tenantId, InstanceFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = Where(tenantId, filter);
        parameters.Add("Skip", skip);
        parameters.Add("Take", take);
        var rows = await connection.QueryAsync<(string InstanceId, string WorkflowCode, string RecordType, string RecordId, string Status, long StartedAt, long UpdatedAt, long Version)>(
            new CommandDefinition(
                $"""
                SELECT instance_id, workflow_code, record_type, record_id, status, started_at_ms, updated_at_ms, COALESCE(workflow_version, 0) FROM workflow_instances
                {where} ORDER BY started_at_ms DESC, instance_id LIMIT @Take OFFSET @Skip
                """, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new InstanceSummary(r.InstanceId, r.WorkflowCode, r.RecordType, r.RecordId, Enum.Parse<InstanceStatus>(r.Status),
            DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt), r.Version)).ToList();
    }

    /// <summary>
    /// Adds the copy of an ended instance's steps and the field changes it held to the archive, to the writes of its last
    /// turn; archiving twice changes nothing.
    /// </summary>
    public void Archive(WriteBatch batch, string tenantId, InstanceSummary instance, IEnumerable<StepInstance> steps, IReadOnlyList<HeldChange> heldChanges)
    {
        var archivedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var archived = steps.Select(s => new ArchivedStep(s.StepId, s.Type.ToString(), s.FunctionCode, s.Description, s.PreviousStepId, s.SequenceNo, s.Status.ToString())).ToList();
        batch.Add(
            """
            INSERT INTO archived_instances (tenant_id, instance_id, workflow_code, record_type, record_id, instance_status, started_at_ms, archived_at_ms, step_count, steps_json)
            VALUES (@TenantId, @InstanceId, @WorkflowCode, @RecordType, @RecordId, @InstanceStatus, @StartedAt, @ArchivedAt, @StepCount, @StepsJson)
            ON CONFLICT (tenant_id, instance_id) DO NOTHING
            """,
            new
            {
                TenantId = tenantId, instance.InstanceId, instance.WorkflowCode, instance.RecordType, instance.RecordId, InstanceStatus = instance.Status.ToString(),
                StartedAt = instance.StartedAt.ToUnixTimeMilliseconds(), ArchivedAt = archivedAt, StepCount = archived.Count,
                StepsJson = JsonSerializer.Serialize(archived, StepsJson),
            });
        batch.AddRows("archived_record_changes", heldChanges.Select((change, index) => (Change: change, No: index + 1)).ToList(),
            "ON CONFLICT (tenant_id, instance_id, change_no) DO NOTHING",
            ("tenant_id", _ => tenantId), ("instance_id", _ => instance.InstanceId), ("change_no", c => c.No),
            ("workflow_code", _ => instance.WorkflowCode), ("record_type", _ => instance.RecordType), ("record_id", _ => instance.RecordId),
            ("field", c => c.Change.Field), ("old_value", c => c.Change.OldValue), ("new_value", c => c.Change.NewValue),
            ("active", c => c.Change.Active ? 1 : 0), ("instance_status", _ => instance.Status.ToString()), ("archived_at_ms", _ => archivedAt));
    }

    public async Task<IReadOnlyList<ArchivedRecordChange>> ListArchivedRecordChangesAsync(string tenantId, InstanceFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = Where(tenantId, filter, statusColumn: "instance_status");
        parameters.Add("Skip", skip);
        parameters.Add("Take", take);
        var rows = await connection.QueryAsync<(string InstanceId, long ChangeNo, string WorkflowCode, string RecordType, string RecordId, string Field,
            string? OldValue, string? NewValue, long Active, string InstanceStatus, long ArchivedAt)>(new CommandDefinition(
            $"""
            SELECT instance_id, change_no, workflow_code, record_type, record_id, field, old_value, new_value, active, instance_status, archived_at_ms
            FROM archived_record_changes {where} ORDER BY archived_at_ms DESC, instance_id, change_no LIMIT @Take OFFSET @Skip
            """, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new ArchivedRecordChange(r.InstanceId, (int)r.ChangeNo, r.WorkflowCode, r.RecordType, r.RecordId, r.Field, r.OldValue, r.NewValue,
            r.Active != 0, r.InstanceStatus, DateTimeOffset.FromUnixTimeMilliseconds(r.ArchivedAt))).ToList();
    }

    /// <summary>
    /// The archived step instances the filter matches, newest instance first and each instance's steps in order;
    /// <paramref name="skip"/> and <paramref name="take"/> count steps, as the archive lists them.
    /// </summary>
    public async Task<IReadOnlyList<ArchivedStepInstance>> ListArchivedAsync(string tenantId, InstanceFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = Where(tenantId, filter, statusColumn: "instance_status");
        parameters.Add("Skip", skip);
        parameters.Add("Take", take);
        // Each row's running count of steps (its own included) picks the instances the page's steps belong to.
        var rows = await connection.QueryAsync<ArchivedRow>(new CommandDefinition(
            $"""
            SELECT instance_id AS InstanceId, workflow_code AS WorkflowCode, record_type AS RecordType, record_id AS RecordId, instance_status AS InstanceStatus,
                   started_at_ms AS StartedAt, archived_at_ms AS ArchivedAt, step_count AS StepCount, steps_json AS StepsJson, steps_through AS StepsThrough
            FROM (
                SELECT archived_instances.*, SUM(step_count) OVER (ORDER BY archived_at_ms DESC, instance_id ROWS UNBOUNDED PRECEDING) AS steps_through
                FROM archived_instances {where}
            ) numbered
            WHERE steps_through > @Skip AND steps_through - step_count < @Skip + @Take
            ORDER BY archived_at_ms DESC, instance_id
            """, parameters, cancellationToken: cancellationToken));
        var page = new List<ArchivedStepInstance>(take);
        foreach (var row in rows)
        {
            var before = row.StepsThrough - row.StepCount;
            var steps = (JsonSerializer.Deserialize<List<ArchivedStep>>(row.StepsJson, StepsJson) ?? []).OrderBy(s => s.StepId).ToList();
            for (var i = (int)Math.Max(0, skip - before); i < steps.Count && page.Count < take; i++)
            {
                var step = steps[i];
                page.Add(new ArchivedStepInstance(row.InstanceId, step.StepId, row.WorkflowCode, row.RecordType, row.RecordId, step.StepType, step.FunctionCode,
                    step.Description, step.PreviousStepId, step.SequenceNo, step.Status, row.InstanceStatus,
                    DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt), DateTimeOffset.FromUnixTimeMilliseconds(row.ArchivedAt)));
            }
        }
        return page;
    }

    /// <summary>
    /// Deletes archived instances matching the filter ("Delete Archive"), their steps with them, and the record changes
    /// they held, in one transaction; returns how many step instances.
    /// </summary>
    public async Task<int> DeleteArchivedAsync(string tenantId, InstanceFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (where, parameters) = Where(tenantId, filter, statusColumn: "instance_status");
        var deleted = (await connection.QueryAsync<long>(new CommandDefinition(
            $"DELETE FROM archived_instances {where} RETURNING step_count", parameters, transaction, cancellationToken: cancellationToken))).Sum();
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM archived_record_changes {where}", parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (int)deleted;
    }

    private static (string Where, DynamicParameters Parameters) Where(string tenantId, InstanceFilter filter, string statusColumn = "status")
    {
        var clauses = new List<string> { "tenant_id = @TenantId" };
        var parameters = new DynamicParameters(new { TenantId = tenantId });
        void Add(string column, string name, string? value)
        {
            if (value is null)
                return;
            clauses.Add($"{column} = @{name}");
            parameters.Add(name, value);
        }
        Add("workflow_code", "WorkflowCode", filter.WorkflowCode?.ToUpperInvariant());
        Add("record_type", "RecordType", filter.RecordType);
        Add("record_id", "RecordId", filter.RecordId);
        Add(statusColumn, "Status", filter.Status);
        Add("instance_id", "InstanceId", filter.InstanceId);
        return ("WHERE " + string.Join(" AND ", clauses), parameters);
    }

    private static readonly JsonSerializerOptions StepsJson = new(JsonSerializerDefaults.Web);

    /// <summary>A step as an archived instance's row holds it (the migration that made those rows writes the same names).</summary>
    private sealed record ArchivedStep(int StepId, string StepType, string FunctionCode, string? Description, int? PreviousStepId, int SequenceNo, string Status);

    private sealed class ArchivedRow
    {
        public string InstanceId { get; set; } = "";
        public string WorkflowCode { get; set; } = "";
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string InstanceStatus { get; set; } = "";
        public long StartedAt { get; set; }
        public long ArchivedAt { get; set; }
        public long StepCount { get; set; }
        public string StepsJson { get; set; } = "";
        public long StepsThrough { get; set; }
    }
}
