using System.Globalization;
using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Posting;

/// <summary>Filters of the posting reads; every one optional.</summary>
public sealed record PostingFilter(string? DocumentType = null, string? DocumentNo = null, string? SourceRecordType = null, string? SourceRecordId = null, string? AccountNo = null);

/// <summary>What posting wrote, as the API reads it: posted documents, ledger entries, posted approval entries.</summary>
public sealed class PostedEntries(IStorageProvider storage)
{
    public async Task<IReadOnlyList<PostedDocument>> ListDocumentsAsync(string tenantId, PostingFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DocumentRow>(new CommandDefinition(
            $"""
            SELECT document_type AS DocumentType, document_no AS DocumentNo, source_record_type AS SourceRecordType, source_record_id AS SourceRecordId,
                   source_document_type AS SourceDocumentType, party AS Party, party_no AS PartyNo, party_name AS PartyName, amount AS Amount,
                   amount_including_vat AS AmountIncludingVat, posting_date AS PostingDate, posted_by AS PostedBy, posted_at_ms AS PostedAtMs
            FROM posted_documents WHERE tenant_id = @TenantId {Where(filter, "party_no")}
            ORDER BY posted_at_ms, document_type, document_no LIMIT @Take OFFSET @Skip
            """, Parameters(tenantId, filter, skip, take), cancellationToken: cancellationToken));
        return rows.Select(r => new PostedDocument(r.DocumentType, r.DocumentNo, r.SourceRecordType, r.SourceRecordId, r.SourceDocumentType, r.Party,
            r.PartyNo, r.PartyName, Number(r.Amount), Number(r.AmountIncludingVat), Day(r.PostingDate), r.PostedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.PostedAtMs))).ToList();
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListLedgerEntriesAsync(string tenantId, Ledger ledger, PostingFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var parameters = Parameters(tenantId, filter, skip, take);
        parameters.Add("Ledger", ledger.ToString());
        var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
            $"""
            SELECT document_type AS DocumentType, document_no AS DocumentNo, line_no AS LineNo, posting_date AS PostingDate, account_no AS AccountNo,
                   description AS Description, amount AS Amount, source_record_type AS SourceRecordType, source_record_id AS SourceRecordId, posted_at_ms AS PostedAtMs
            FROM ledger_entries WHERE tenant_id = @TenantId AND ledger = @Ledger {Where(filter, "account_no")}
            ORDER BY posted_at_ms, document_type, document_no, line_no LIMIT @Take OFFSET @Skip
            """, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => new LedgerEntry(ledger, r.DocumentType, r.DocumentNo, (int)r.LineNo, Day(r.PostingDate), r.AccountNo, r.Description,
            Number(r.Amount), r.SourceRecordType, r.SourceRecordId, DateTimeOffset.FromUnixTimeMilliseconds(r.PostedAtMs))).ToList();
    }

    /// <summary>The sum of one account's entries in a ledger (a customer's balance); amounts are stored as invariant text, so they are summed here.</summary>
    public async Task<decimal> BalanceAsync(string tenantId, Ledger ledger, string accountNo, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var amounts = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT amount FROM ledger_entries WHERE tenant_id = @TenantId AND ledger = @Ledger AND account_no = @AccountNo",
            new { TenantId = tenantId, Ledger = ledger.ToString(), AccountNo = accountNo }, cancellationToken: cancellationToken));
        return amounts.Sum(Number);
    }

    public async Task<IReadOnlyList<PostedApprovalEntry>> ListApprovalEntriesAsync(string tenantId, PostingFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var where = (filter.DocumentType is null ? "" : " AND posted_document_type = @DocumentType")
                    + (filter.DocumentNo is null ? "" : " AND posted_document_no = @DocumentNo")
                    + (filter.SourceRecordType is null ? "" : " AND record_type = @SourceRecordType")
                    + (filter.SourceRecordId is null ? "" : " AND record_id = @SourceRecordId");
        var rows = await connection.QueryAsync<ApprovalRow>(new CommandDefinition(
            $"""
            SELECT posted_document_type AS PostedDocumentType, posted_document_no AS PostedDocumentNo, request_id AS RequestId, entry_no AS EntryNo,
                   record_type AS RecordType, record_id AS RecordId, workflow_code AS WorkflowCode, sequence_no AS SequenceNo, sender_id AS SenderId,
                   approver_id AS ApproverId, status AS Status, due_date AS DueDate, amount AS Amount, created_at_ms AS CreatedAtMs,
                   modified_at_ms AS ModifiedAtMs, posted_at_ms AS PostedAtMs
            FROM posted_approval_entries WHERE tenant_id = @TenantId {where}
            ORDER BY posted_at_ms, posted_document_type, posted_document_no, created_at_ms, request_id, entry_no LIMIT @Take OFFSET @Skip
            """, Parameters(tenantId, filter, skip, take), cancellationToken: cancellationToken));
        return rows.Select(r => new PostedApprovalEntry(r.PostedDocumentType, r.PostedDocumentNo, r.RequestId, (int)r.EntryNo, r.RecordType, r.RecordId,
            r.WorkflowCode, (int)r.SequenceNo, r.SenderId, r.ApproverId, r.Status, r.DueDate is null ? null : Day(r.DueDate), Number(r.Amount),
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(r.ModifiedAtMs),
            DateTimeOffset.FromUnixTimeMilliseconds(r.PostedAtMs))).ToList();
    }

    public async Task<IReadOnlyList<PostedApprovalComment>> ListApprovalCommentsAsync(string tenantId, PostingFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var where = (filter.DocumentType is null ? "" : " AND posted_document_type = @DocumentType")
                    + (filter.DocumentNo is null ? "" : " AND posted_document_no = @DocumentNo")
                    + (filter.SourceRecordType is null ? "" : " AND record_type = @SourceRecordType")
                    + (filter.SourceRecordId is null ? "" : " AND record_id = @SourceRecordId");
        var rows = await connection.QueryAsync<CommentRow>(new CommandDefinition(
            $"""
            SELECT posted_document_type AS PostedDocumentType, posted_document_no AS PostedDocumentNo, request_id AS RequestId, line_no AS LineNo,
                   record_type AS RecordType, record_id AS RecordId, user_id AS UserId, text AS Text, at_ms AS AtMs
            FROM posted_approval_comments WHERE tenant_id = @TenantId {where}
            ORDER BY posted_document_type, posted_document_no, at_ms, request_id, line_no LIMIT @Take OFFSET @Skip
            """, Parameters(tenantId, filter, skip, take), cancellationToken: cancellationToken));
        return rows.Select(r => new PostedApprovalComment(r.PostedDocumentType, r.PostedDocumentNo, r.RequestId, (int)r.LineNo, r.RecordType, r.RecordId,
            r.UserId, r.Text, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs))).ToList();
    }

    private static string Where(PostingFilter filter, string accountColumn) =>
        (filter.DocumentType is null ? "" : " AND document_type = @DocumentType")
        + (filter.DocumentNo is null ? "" : " AND document_no = @DocumentNo")
        + (filter.SourceRecordType is null ? "" : " AND source_record_type = @SourceRecordType")
        + (filter.SourceRecordId is null ? "" : " AND source_record_id = @SourceRecordId")
        + (filter.AccountNo is null ? "" : $" AND {accountColumn} = @AccountNo");

    private static DynamicParameters Parameters(string tenantId, PostingFilter filter, int skip, int take)
    {
        var parameters = new DynamicParameters(new
        {
            TenantId = tenantId, filter.DocumentType, filter.DocumentNo, filter.SourceRecordType, filter.SourceRecordId, filter.AccountNo,
        });
        parameters.Add("Skip", skip);
        parameters.Add("Take", take);
        return parameters;
    }

    private static decimal Number(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class DocumentRow
    {
        public string DocumentType { get; set; } = "";
        public string DocumentNo { get; set; } = "";
        public string SourceRecordType { get; set; } = "";
        public string SourceRecordId { get; set; } = "";
        public string? SourceDocumentType { get; set; }
        public string? Party { get; set; }
        public string? PartyNo { get; set; }
        public string? PartyName { get; set; }
        public string Amount { get; set; } = "0";
        public string AmountIncludingVat { get; set; } = "0";
        public string PostingDate { get; set; } = "";
        public string? PostedBy { get; set; }
        public long PostedAtMs { get; set; }
    }

    private sealed class EntryRow
    {
        public string DocumentType { get; set; } = "";
        public string DocumentNo { get; set; } = "";
        public long LineNo { get; set; }
        public string PostingDate { get; set; } = "";
        public string AccountNo { get; set; } = "";
        public string? Description { get; set; }
        public string Amount { get; set; } = "0";
        public string SourceRecordType { get; set; } = "";
        public string SourceRecordId { get; set; } = "";
        public long PostedAtMs { get; set; }
    }

    private sealed class CommentRow
    {
        public string PostedDocumentType { get; set; } = "";
        public string PostedDocumentNo { get; set; } = "";
        public string RequestId { get; set; } = "";
        public long LineNo { get; set; }
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Text { get; set; } = "";
        public long AtMs { get; set; }
    }

    private sealed class ApprovalRow
    {
        public string PostedDocumentType { get; set; } = "";
        public string PostedDocumentNo { get; set; } = "";
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
        public long CreatedAtMs { get; set; }
        public long ModifiedAtMs { get; set; }
        public long PostedAtMs { get; set; }
    }
}
