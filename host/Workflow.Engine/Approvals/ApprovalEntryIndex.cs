using System.Globalization;
using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Approvals;

/// <summary>An approval entry as listed: requests to approve, requests sent, entries of a record.</summary>
public sealed record ApprovalEntryRow(
    string RequestId, int EntryNo, string RecordType, string RecordId, string WorkflowCode, int SequenceNo, string SenderId,
    string ApproverId, ApprovalStatus Status, DateOnly? DueDate, decimal Amount, bool Overdue, DateTimeOffset CreatedAt, DateTimeOffset LastModifiedAt);

/// <summary>
/// The queryable side of approval entries: approval request grains mirror their entries here on every write, so an
/// approver's inbox is one indexed query however many requests exist.
/// </summary>
public sealed class ApprovalEntryIndex(IStorageProvider storage, TimeProvider clock)
{
    /// <summary>Adds the request's entry rows to the writes of the approval request grain's turn.</summary>
    public void Upsert(WriteBatch batch, string tenantId, string requestId, string recordType, string recordId, string workflowCode, IEnumerable<ApprovalEntry> entries) =>
        batch.AddRows("approval_entries", entries.ToList(),
            """
            ON CONFLICT (tenant_id, request_id, entry_no) DO UPDATE SET approver_id = excluded.approver_id, status = excluded.status,
                due_date = excluded.due_date, modified_at_ms = excluded.modified_at_ms
            """,
            ("tenant_id", _ => tenantId), ("request_id", _ => requestId), ("entry_no", e => e.EntryNo), ("record_type", _ => recordType),
            ("record_id", _ => recordId), ("workflow_code", _ => workflowCode), ("sequence_no", e => e.SequenceNo), ("sender_id", e => e.SenderId),
            ("approver_id", e => e.ApproverId), ("status", e => e.Status.ToString()),
            ("due_date", e => e.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("amount", e => e.Amount.ToString(CultureInfo.InvariantCulture)),
            ("created_at_ms", e => e.CreatedAt.ToUnixTimeMilliseconds()), ("modified_at_ms", e => e.LastModifiedAt.ToUnixTimeMilliseconds()));

    /// <summary>Removes the request's entry rows with the writes of the approval request grain's turn.</summary>
    public void Delete(WriteBatch batch, string tenantId, string requestId) =>
        batch.Add("DELETE FROM approval_entries WHERE tenant_id = @TenantId AND request_id = @RequestId", new { TenantId = tenantId, RequestId = requestId });

    /// <summary>The caller's open entries, overdue ones first, then by due date.</summary>
    public Task<IReadOnlyList<ApprovalEntryRow>> ListToApproveAsync(string tenantId, string approverId, string? recordType, int skip, int take, CancellationToken cancellationToken) =>
        QueryAsync(
            "WHERE tenant_id = @TenantId AND approver_id = @UserId AND status = 'Open'" + (recordType is null ? "" : " AND record_type = @RecordType"),
            "CASE WHEN due_date IS NOT NULL AND due_date < @Today THEN 0 ELSE 1 END, due_date, created_at_ms, request_id, entry_no",
            new { TenantId = tenantId, UserId = approverId, RecordType = recordType }, skip, take, cancellationToken);

    /// <summary>The requests with an Open entry due on or before today (Business Central's overdue run), by request id.</summary>
    public async Task<IReadOnlyList<string>> ListRequestsWithOverdueEntriesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT request_id FROM approval_entries
            WHERE tenant_id = @TenantId AND status = 'Open' AND due_date IS NOT NULL AND due_date <= @Today ORDER BY request_id
            """, new { TenantId = tenantId, Today = today }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Entries of requests the user sent, newest first; optionally only of one record type or status.</summary>
    public Task<IReadOnlyList<ApprovalEntryRow>> ListSentAsync(string tenantId, string senderId, string? recordType, string? status, int skip, int take, CancellationToken cancellationToken) =>
        QueryAsync("WHERE tenant_id = @TenantId AND sender_id = @UserId"
                   + (recordType is null ? "" : " AND record_type = @RecordType") + (status is null ? "" : " AND status = @Status"),
            "created_at_ms DESC, request_id, entry_no",
            new { TenantId = tenantId, UserId = senderId, RecordType = recordType, Status = status }, skip, take, cancellationToken);

    /// <summary>The entries of a record; with <paramref name="visibleTo"/>, only those of requests the user sent or approves in.</summary>
    public Task<IReadOnlyList<ApprovalEntryRow>> ListForRecordAsync(string tenantId, string recordType, string recordId, string? visibleTo, int skip, int take, CancellationToken cancellationToken) =>
        QueryAsync("WHERE tenant_id = @TenantId AND record_type = @RecordType AND record_id = @RecordId"
                   + (visibleTo is null ? "" :
                       " AND request_id IN (SELECT mine.request_id FROM approval_entries mine WHERE mine.tenant_id = @TenantId"
                       + " AND mine.record_type = @RecordType AND mine.record_id = @RecordId AND (mine.sender_id = @UserId OR mine.approver_id = @UserId))"),
            "created_at_ms, request_id, entry_no",
            new { TenantId = tenantId, RecordType = recordType, RecordId = recordId, UserId = visibleTo }, skip, take, cancellationToken);

    private async Task<IReadOnlyList<ApprovalEntryRow>> QueryAsync(string where, string orderBy, object filter, int skip, int take, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var parameters = new DynamicParameters(filter);
        parameters.Add("Today", today);
        parameters.Add("Skip", skip);
        parameters.Add("Take", take);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT request_id AS RequestId, entry_no AS EntryNo, record_type AS RecordType, record_id AS RecordId, workflow_code AS WorkflowCode,
                   sequence_no AS SequenceNo, sender_id AS SenderId, approver_id AS ApproverId, status AS Status, due_date AS DueDate,
                   amount AS Amount, created_at_ms AS CreatedAt, modified_at_ms AS ModifiedAt
            FROM approval_entries {where} ORDER BY {orderBy} LIMIT @Take OFFSET @Skip
            """, parameters, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            DateOnly? due = r.DueDate is null ? null : DateOnly.ParseExact(r.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var status = Enum.Parse<ApprovalStatus>(r.Status);
            return new ApprovalEntryRow(r.RequestId, (int)r.EntryNo, r.RecordType, r.RecordId, r.WorkflowCode, (int)r.SequenceNo, r.SenderId, r.ApproverId,
                status, due, decimal.Parse(r.Amount, CultureInfo.InvariantCulture), status == ApprovalStatus.Open && r.DueDate is not null && string.CompareOrdinal(r.DueDate, today) < 0,
                DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.ModifiedAt));
        }).ToList();
    }

    private sealed class Row
    {
        public string RequestId { get; set; } = "";
        public long EntryNo { get; set; }
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string WorkflowCode { get; set; } = "";
        public long SequenceNo { get; set; }
        public string SenderId { get; set; } = "";
        public string ApproverId { get; set; } = "";
        public string Status { get; set; } = "";
        public string? DueDate { get; set; }
        public string Amount { get; set; } = "0";
        public long CreatedAt { get; set; }
        public long ModifiedAt { get; set; }
    }
}
