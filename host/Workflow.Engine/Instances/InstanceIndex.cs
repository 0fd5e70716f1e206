using System.Data.Common;
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
        batch.AddRows("archived_step_instances", steps.ToList(), "ON CONFLICT (tenant_id, instance_id, step_id) DO NOTHING",
            ("tenant_id", _ => tenantId), ("instance_id", _ => instance.InstanceId), ("step_id", s => s.StepId),
            ("workflow_code", _ => instance.WorkflowCode), ("record_type", _ => instance.RecordType), ("record_id", _ => instance.RecordId),
            ("step_type", s => s.Type.ToString()), ("function_code", s => s.FunctionCode), ("description", s => s.Description),
            ("previous_step_id", s => s.PreviousStepId), ("sequence_no", s => s.SequenceNo), ("status", s => s.Status.ToString()),
            ("instance_status", _ => instance.Status.ToString()), ("started_at_ms", _ => instance.StartedAt.ToUnixTimeMilliseconds()),
            ("archived_at_ms", _ => archivedAt));
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

    public async Task<IReadOnlyList<ArchivedStepInstance>> ListArchivedAsync(string tenantId, InstanceFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = Where(tenantId, filter, statusColumn: "instance_status");
        parameters.Add("Skip", skip);
        parameters.Add("Take", take);
        var rows = await connection.QueryAsync<ArchivedRow>(new CommandDefinition(
            $"""
            SELECT instance_id AS InstanceId, step_id AS StepId, workflow_code AS WorkflowCode, record_type AS RecordType, record_id AS RecordId,
                   step_type AS StepType, function_code AS FunctionCode, description AS Description, previous_step_id AS PreviousStepId,
                   sequence_no AS SequenceNo, status AS Status, instance_status AS InstanceStatus, started_at_ms AS StartedAt, archived_at_ms AS ArchivedAt
            FROM archived_step_instances {where} ORDER BY archived_at_ms DESC, instance_id, step_id LIMIT @Take OFFSET @Skip
            """, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new ArchivedStepInstance(r.InstanceId, (int)r.StepId, r.WorkflowCode, r.RecordType, r.RecordId, r.StepType, r.FunctionCode,
            r.Description, (int?)r.PreviousStepId, (int)r.SequenceNo, r.Status, r.InstanceStatus,
            DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.ArchivedAt))).ToList();
    }

    /// <summary>
    /// Deletes archived step instances matching the filter ("Delete Archive"), and the record changes their instances
    /// held, in one transaction; returns how many step instances.
    /// </summary>
    public async Task<int> DeleteArchivedAsync(string tenantId, InstanceFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (where, parameters) = Where(tenantId, filter, statusColumn: "instance_status");
        var deleted = await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM archived_step_instances {where}", parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM archived_record_changes {where}", parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted;
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

    private sealed class ArchivedRow
    {
        public string InstanceId { get; set; } = "";
        public long StepId { get; set; }
        public string WorkflowCode { get; set; } = "";
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string StepType { get; set; } = "";
        public string FunctionCode { get; set; } = "";
        public string? Description { get; set; }
        public long? PreviousStepId { get; set; }
        public long SequenceNo { get; set; }
        public string Status { get; set; } = "";
        public string InstanceStatus { get; set; } = "";
        public long StartedAt { get; set; }
        public long ArchivedAt { get; set; }
    }
}
