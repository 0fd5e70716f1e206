using System.Diagnostics;
using Dapper;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Engine.Approvals;
using Workflow.Engine.Storage;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 4: an approver's "requests to approve" (<see cref="ApprovalEntryIndex.ListToApproveAsync"/>, what
/// <c>GET /api/v1/approvals/requests-to-approve</c> runs) with 1,000,000 approval entries stored across 10,000 approvers.
/// Each approver has 100 entries: one in five Open (some with a due date in the past, so overdue sorting has work), the
/// rest Approved, Rejected or Canceled. The rows are generated inside the database in one statement per 100,000, through
/// the same table and indexes the engine writes.
/// </summary>
public sealed class LargeInbox(EngineNode node)
{
    private const string Tenant = "inbox";
    private readonly IStorageProvider _storage = node.Get<IStorageProvider>();
    private readonly ApprovalEntryIndex _index = node.Get<ApprovalEntryIndex>();

    /// <summary>Stores <paramref name="entries"/> entries over <paramref name="approvers"/> approvers; returns the seconds it took.</summary>
    public async Task<double> FillAsync(int entries, int approvers)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await _storage.OpenConnectionAsync();
        const int chunk = 100_000;
        for (var from = 0; from < entries; from += chunk)
        {
            var to = Math.Min(entries, from + chunk) - 1;
            // Row i: approver i mod N, request R<i>; statuses and due dates cycle so every approver gets the same mix.
            await connection.ExecuteAsync($"""
                INSERT INTO approval_entries (tenant_id, request_id, entry_no, record_type, record_id, workflow_code, sequence_no, sender_id,
                    approver_id, status, due_date, amount, created_at_ms, modified_at_ms)
                SELECT '{Tenant}', 'R' || CAST(i AS TEXT), 1, 'PURCHASE_DOCUMENT', 'PI-' || CAST(i AS TEXT), 'PI-APPROVAL', 1, 'S' || CAST(i % 977 AS TEXT),
                    'U' || CAST(i % {approvers} AS TEXT),
                    CASE (i / {approvers}) % 5 WHEN 0 THEN 'Open' WHEN 1 THEN 'Approved' WHEN 2 THEN 'Rejected' WHEN 3 THEN 'Canceled' ELSE 'Approved' END,
                    CASE WHEN (i / {approvers}) % 3 = 0 THEN NULL WHEN (i / {approvers}) % 3 = 1 THEN '2020-01-01' ELSE '2999-12-31' END,
                    '100', i, i
                FROM {NumberSeries.From(_storage, from, to)}
                """, commandTimeout: 600);
        }
        await connection.ExecuteAsync(_storage.Name == "postgres" ? "ANALYZE approval_entries" : "ANALYZE", commandType: System.Data.CommandType.Text);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs the query for random approvers, one after another; every answer must hold that approver's open entries.</summary>
    public async Task<LoadResult> MeasureAsync(int approvers, int expectedOpen, int queries)
    {
        var random = new Random(42);
        for (var i = 0; i < 50; i++)
            await _index.ListToApproveAsync(Tenant, $"U{random.Next(approvers)}", null, 0, 50, CancellationToken.None);
        var latencies = new double[queries];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < queries; i++)
        {
            var approver = $"U{random.Next(approvers)}";
            var start = Stopwatch.GetTimestamp();
            var rows = await _index.ListToApproveAsync(Tenant, approver, null, 0, 50, CancellationToken.None);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (rows.Count != expectedOpen || rows.Any(r => r.ApproverId != approver || r.Status != ApprovalStatus.Open) || !rows[0].Overdue)
                throw new InvalidOperationException($"Inbox of {approver}: {rows.Count} rows, expected {expectedOpen} open ones with the overdue first.");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(1, queries, seconds, latencies);
    }
}
