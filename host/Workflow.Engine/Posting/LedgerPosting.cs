using System.Globalization;
using Workflow.Abstractions;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Records;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Posting;

/// <summary>The writes of one posting and what it produced; committed with the record grain's own state write.</summary>
/// <param name="RequestIds">The approval requests whose entries and comments moved to posted ones: their grains go after the commit.</param>
/// <param name="PostedEvent">The event the plugin raises for the posted document, with its values, or null.</param>
public sealed record PostingPlan(
    PostingResult Result, WriteBatch Rows, IReadOnlyList<StoredLine> RemovedLines, IReadOnlyList<string> RequestIds, PostedEventPlan? PostedEvent = null);

/// <summary>The event raised for a posted document (<see cref="DocumentPosting.PostedEvent"/>): on the posted document's record, with its values.</summary>
public sealed record PostedEventPlan(string EventCode, string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields);

/// <summary>
/// Business Central's Purch.-Post, Sales-Post and Gen. Jnl.-Post for the engine: checks that a record may be posted,
/// asks its plugin what posting it means, and turns that into the rows of one transaction: numbers taken from the
/// series, the posted documents, G/L entries that balance, the vendor or customer ledger entry, the approval entries
/// moved to posted approval entries, the posted journal lines removed, and the job that asked for it finished. The record
/// grain commits them with its own state (the open document gone), so a posting is all there or not at all.
/// </summary>
public sealed class LedgerPosting(
    Plugins.WorkflowCatalog catalog,
    RecordApprovals approvals,
    RecordLines recordLines,
    PostingSetupStore setups,
    NumberSeries numbers,
    IGrainFactory grains,
    TimeProvider clock)
{
    /// <summary>
    /// The definition of a record type that posts; <see cref="PostingBlockedException"/> for one no loaded plugin says how
    /// to post (so a job is never queued for it).
    /// </summary>
    public RecordTypeDefinition PostingDefinition(string recordType)
    {
        var definition = catalog.FindRecordType(recordType)?.Definition;
        if (definition is null || (definition.DocumentPosting is null && definition.JournalPosting is null))
            throw new PostingBlockedException($"Records of type {recordType} are not posted: no loaded plugin says what posting one means.");
        return definition;
    }

    /// <summary>
    /// Checks and prepares the posting of a record as it is now. Refusals: <see cref="PostingBlockedException"/> (422) for
    /// a record that cannot be posted as it is, <see cref="ConflictException"/> (409) for one a workflow holds.
    /// </summary>
    public async Task<PostingPlan> PrepareAsync(
        string tenantId, string recordType, string recordId, IReadOnlyDictionary<string, string?> fields, IReadOnlyList<RecordRestriction> restrictions,
        PostRecordCommand command, CancellationToken cancellationToken)
    {
        var definition = PostingDefinition(recordType);
        if (restrictions.Count > 0)
            throw new ConflictException(
                $"{recordType} {recordId} is restricted and cannot be posted: {restrictions[0].Details} The restriction is lifted when its approval request is approved or canceled.");
        var status = fields.GetValueOrDefault(RecordApprovals.StatusField);
        if (string.Equals(status, RecordApprovals.PendingApproval, StringComparison.OrdinalIgnoreCase))
            throw new ConflictException($"{recordType} {recordId} is Pending Approval: it must be approved and released before you can post it.");
        var pending = await approvals.CountPendingEntriesAsync(tenantId, recordType, recordId, cancellationToken);
        if (pending > 0)
            throw new ConflictException($"{recordType} {recordId} has {pending} approval entries not answered yet: it must be approved before you can post it.");

        var record = new WorkflowRecord(recordType, recordId, fields);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var setup = await setups.GetAsync(tenantId, cancellationToken);
        if (definition.DocumentPosting is { } documentPosting)
        {
            // Business Central's PrePostApprovalCheck: a document posts only once released ("... must be approved and
            // released before you can perform this action.").
            if (definition.Fields.Any(f => f.Name == RecordApprovals.StatusField) && !string.Equals(status, RecordApprovals.Released, StringComparison.OrdinalIgnoreCase))
                throw new PostingBlockedException(
                    $"{fields.GetValueOrDefault("Document Type") ?? recordType} {recordId} must be approved and released before you can perform this action (Status is {status ?? "blank"}).");
            var posting = Describe(() => documentPosting.Describe(record));
            await RefuseRestrictedUseAsync(tenantId, posting.UsedRecords);
            return await PlanDocumentAsync(tenantId, record, posting, setup, command, now, today, cancellationToken);
        }

        var lines = await recordLines.ReadAsync(tenantId, recordType, recordId, cancellationToken);
        foreach (var line in lines)
        {
            if (await approvals.CountPendingEntriesAsync(tenantId, line.RecordType, line.RecordId, cancellationToken) is > 0 and var linePending)
                throw new ConflictException($"{line.RecordType} {line.RecordId} has {linePending} approval entries not answered yet: the batch cannot be posted until they are.");
            // Business Central's CheckGenJournalLinePostRestrictions: a line whose request was canceled keeps its
            // restriction (MS-GJLAPW), and one inserted or changed while an approval workflow covers it or its batch is
            // restricted too; the batch does not post until the approval lifts it.
            if (line.Restrictions is [var restriction, ..])
                throw new ConflictException(
                    $"You cannot use {line.RecordType} {line.RecordId} for this action: it is restricted and cannot be posted. {restriction.Details} "
                    + $"The batch cannot be posted until an approval of workflow {restriction.WorkflowCode} lifts it.");
        }
        var journal = Describe(() => definition.JournalPosting!.Describe(record, lines.Select(l => l.AsRecord()).ToList()));
        await RefuseRestrictedUseAsync(tenantId, journal.Lines.SelectMany(l => l.UsedRecords));
        return await PlanJournalAsync(tenantId, record, journal, lines, setup, command, now, today, cancellationToken);
    }

    /// <summary>
    /// Business Central's Record Restriction Mgt. at posting: a document or journal line whose vendor or customer is
    /// restricted (sent for approval and not approved yet) is not posted.
    /// </summary>
    private async Task RefuseRestrictedUseAsync(string tenantId, IEnumerable<PostingUsedRecord> used)
    {
        foreach (var reference in used.Distinct())
        {
            var view = await grains.GetTenantGrain<IRecordGrain>(tenantId, RecordKey.For(reference.RecordType, reference.RecordId)).Get();
            if (view is { Restrictions: [var restriction, ..] })
                throw new ConflictException(
                    $"You cannot use {catalog.FindRecordType(reference.RecordType)?.Definition.Description ?? reference.RecordType}: {reference.RecordId} for this action. {restriction.Details}");
        }
    }

    private static T Describe<T>(Func<T> describe)
    {
        try
        {
            return describe();
        }
        catch (PostingRefusedException refused)
        {
            throw new PostingBlockedException(refused.Message);
        }
    }

    private async Task<PostingPlan> PlanDocumentAsync(
        string tenantId, WorkflowRecord record, DocumentPosting posting, PostingSetup setup, PostRecordCommand command,
        DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        var series = new List<string>();
        if (posting.Delivery is { } delivery)
            series.Add(delivery.ToString());
        series.Add(posting.Financial.ToString());
        var allocations = await numbers.PeekAsync(tenantId, series, cancellationToken);
        var postingDate = posting.PostingDate ?? today;
        var rows = new WriteBatch();
        var posted = new List<PostedDocumentRef>();
        foreach (var code in series)
        {
            var allocation = allocations[code];
            NumberSeries.Take(rows, tenantId, allocation);
            var documentType = NumberSeries.NameOf(code);
            posted.Add(new PostedDocumentRef(documentType, allocation.DocumentNo));
            rows.Add(InsertPostedDocument, new
            {
                TenantId = tenantId, DocumentType = documentType, DocumentNo = allocation.DocumentNo, SourceRecordType = record.RecordType,
                SourceRecordId = record.RecordId, SourceDocumentType = record.GetText("Document Type"), Party = posting.Party.ToString(),
                PartyNo = posting.PartyNo, PartyName = posting.PartyName, Amount = Text(posting.Amount), AmountIncludingVat = Text(posting.AmountIncludingVat),
                PostingDate = Date(postingDate), PostedBy = command.UserId, PostedAt = now.ToUnixTimeMilliseconds(),
            });
        }

        // The invoice or credit memo carries the money; a receipt or shipment only says what moved.
        var financial = posted[^1];
        var credit = posting.Financial is PostedDocumentType.PurchaseCreditMemo or PostedDocumentType.SalesCreditMemo ? -1m : 1m;
        var vat = posting.AmountIncludingVat - posting.Amount;
        var description = $"{record.GetText("Document Type") ?? "Document"} {record.RecordId}";
        var entries = new List<(Ledger Ledger, string Account, decimal Amount)>();
        if (posting.Party == PostingParty.Vendor)
        {
            entries.Add((Ledger.GL, setup.PurchaseAccount, credit * posting.Amount));
            if (vat != 0)
                entries.Add((Ledger.GL, setup.PurchaseVatAccount, credit * vat));
            entries.Add((Ledger.GL, setup.PayablesAccount, -credit * posting.AmountIncludingVat));
            entries.Add((Ledger.Vendor, posting.PartyNo, -credit * posting.AmountIncludingVat));
        }
        else
        {
            entries.Add((Ledger.GL, setup.ReceivablesAccount, credit * posting.AmountIncludingVat));
            entries.Add((Ledger.GL, setup.SalesAccount, -credit * posting.Amount));
            if (vat != 0)
                entries.Add((Ledger.GL, setup.SalesVatAccount, -credit * vat));
            entries.Add((Ledger.Customer, posting.PartyNo, credit * posting.AmountIncludingVat));
        }
        AddLedgerEntries(rows, tenantId, financial, record, postingDate, now, entries.Select(e => (e.Ledger, e.Account, (string?)description, e.Amount)).ToList());
        var requests = new List<string>();
        await MoveApprovalEntriesAsync(rows, tenantId, record, posted, now, requests);
        FinishJob(rows, tenantId, command, financial, now);
        var postedEvent = posting.PostedEvent is { } raised
            ? new PostedEventPlan(raised.EventCode, raised.RecordType, financial.DocumentNo, new Dictionary<string, string?>
            {
                ["No."] = financial.DocumentNo,
                ["Pre-Assigned No."] = record.RecordId,
                [posting.Party == PostingParty.Vendor ? "Pay-to Vendor No." : "Bill-to Customer No."] = posting.PartyNo,
                ["Amount"] = Text(posting.Amount),
                ["Amount Including VAT"] = Text(posting.AmountIncludingVat),
                // Nothing is applied to it yet: all of it remains to be paid.
                ["Remaining Amount"] = Text(posting.AmountIncludingVat),
                ["Posting Date"] = Date(postingDate),
            })
            : null;
        return new PostingPlan(new PostingResult(record.RecordType, record.RecordId, posted, now, command.UserId), rows, [], requests, postedEvent);
    }

    private async Task<PostingPlan> PlanJournalAsync(
        string tenantId, WorkflowRecord batch, JournalPosting journal, IReadOnlyList<StoredLine> lines, PostingSetup setup, PostRecordCommand command,
        DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        var balance = journal.Lines.Sum(l => l.Amount);
        if (balance != 0)
            throw new PostingBlockedException(
                $"{batch.RecordType} {batch.RecordId} is out of balance by {Text(balance)}: its lines must sum to zero before it can be posted.");
        var allocation = (await numbers.PeekAsync(tenantId, [NumberSeries.GLRegister], cancellationToken))[NumberSeries.GLRegister];
        var rows = new WriteBatch();
        NumberSeries.Take(rows, tenantId, allocation);
        var register = new PostedDocumentRef(NumberSeries.NameOf(NumberSeries.GLRegister), allocation.DocumentNo);
        rows.Add(InsertPostedDocument, new
        {
            TenantId = tenantId, register.DocumentType, register.DocumentNo, SourceRecordType = batch.RecordType, SourceRecordId = batch.RecordId,
            SourceDocumentType = (string?)null, Party = (string?)null, PartyNo = (string?)null, PartyName = (string?)null,
            Amount = Text(journal.Lines.Where(l => l.Amount > 0).Sum(l => l.Amount)), AmountIncludingVat = Text(journal.Lines.Where(l => l.Amount > 0).Sum(l => l.Amount)),
            PostingDate = Date(today), PostedBy = command.UserId, PostedAt = now.ToUnixTimeMilliseconds(),
        });

        var entries = new List<(Ledger, string, string?, decimal)>();
        foreach (var line in journal.Lines)
        {
            var text = line.Description ?? $"{batch.RecordId} line {line.LineRecordId[(line.LineRecordId.LastIndexOf('/') + 1)..]}";
            switch (line.AccountType)
            {
                case JournalAccountType.GLAccount:
                    entries.Add((Ledger.GL, line.AccountNo, text, line.Amount));
                    break;
                case JournalAccountType.BankAccount:
                    entries.Add((Ledger.GL, setup.BankAccount, text, line.Amount));
                    break;
                case JournalAccountType.Customer:
                    entries.Add((Ledger.GL, setup.ReceivablesAccount, text, line.Amount));
                    entries.Add((Ledger.Customer, line.AccountNo, text, line.Amount));
                    break;
                case JournalAccountType.Vendor:
                    entries.Add((Ledger.GL, setup.PayablesAccount, text, line.Amount));
                    entries.Add((Ledger.Vendor, line.AccountNo, text, line.Amount));
                    break;
            }
        }
        AddLedgerEntries(rows, tenantId, register, batch, today, now, entries);
        var requests = new List<string>();
        await MoveApprovalEntriesAsync(rows, tenantId, batch, [register], now, requests);
        var posted = lines.Where(l => journal.Lines.Any(j => j.LineRecordId == l.RecordId)).ToList();
        foreach (var line in posted)
        {
            RecordLines.Remove(rows, tenantId, line);
            await MoveApprovalEntriesAsync(rows, tenantId, line.AsRecord(), [register], now, requests);
        }
        FinishJob(rows, tenantId, command, register, now);
        return new PostingPlan(new PostingResult(batch.RecordType, batch.RecordId, [register], now, command.UserId), rows, posted, requests);
    }

    private static void AddLedgerEntries(
        WriteBatch rows, string tenantId, PostedDocumentRef document, WorkflowRecord source, DateOnly postingDate, DateTimeOffset now,
        IReadOnlyList<(Ledger Ledger, string Account, string? Description, decimal Amount)> entries)
    {
        var numbered = entries.Select((e, i) => (e.Ledger, e.Account, e.Description, e.Amount, LineNo: i + 1)).ToList();
        rows.AddRows("ledger_entries", numbered, "",
            ("tenant_id", _ => tenantId), ("ledger", e => e.Ledger.ToString()), ("document_type", _ => document.DocumentType),
            ("document_no", _ => document.DocumentNo), ("line_no", e => e.LineNo), ("posting_date", _ => Date(postingDate)),
            ("account_no", e => e.Account), ("description", e => e.Description), ("amount", e => Text(e.Amount)),
            ("source_record_type", _ => source.RecordType), ("source_record_id", _ => source.RecordId), ("posted_at_ms", _ => now.ToUnixTimeMilliseconds()));
    }

    /// <summary>
    /// Business Central's PostApprovalEntries: the record's approval entries and their comments are copied to posted
    /// approval entries and posted approval comment lines for each posted document, then the live ones go with the open
    /// document (their request grains after the commit).
    /// </summary>
    private async Task MoveApprovalEntriesAsync(
        WriteBatch rows, string tenantId, WorkflowRecord record, IReadOnlyList<PostedDocumentRef> posted, DateTimeOffset now, List<string> requests)
    {
        foreach (var requestId in await approvals.RequestIdsAsync(tenantId, record.RecordType, record.RecordId, CancellationToken.None))
        {
            requests.Add(requestId);
            var comments = (await grains.GetTenantGrain<Approvals.IApprovalRequestGrain>(tenantId, requestId).Get())?.Comments ?? [];
            foreach (var document in posted)
                rows.AddRows("posted_approval_comments", comments.Select((c, i) => (Comment: c, LineNo: i + 1)).ToList(), "",
                    ("tenant_id", _ => tenantId), ("posted_document_type", _ => document.DocumentType), ("posted_document_no", _ => document.DocumentNo),
                    ("request_id", _ => requestId), ("line_no", c => c.LineNo), ("record_type", _ => record.RecordType), ("record_id", _ => record.RecordId),
                    ("user_id", c => c.Comment.UserId), ("text", c => c.Comment.Text), ("at_ms", c => c.Comment.At.ToUnixTimeMilliseconds()));
        }
        foreach (var document in posted)
            rows.Add(
                """
                INSERT INTO posted_approval_entries (tenant_id, posted_document_type, posted_document_no, request_id, entry_no, record_type, record_id,
                    workflow_code, sequence_no, sender_id, approver_id, status, due_date, amount, created_at_ms, modified_at_ms, posted_at_ms)
                SELECT tenant_id, @DocumentType, @DocumentNo, request_id, entry_no, record_type, record_id, workflow_code, sequence_no, sender_id,
                    approver_id, status, due_date, amount, created_at_ms, modified_at_ms, @PostedAt
                FROM approval_entries WHERE tenant_id = @TenantId AND record_type = @RecordType AND record_id = @RecordId
                """,
                new { TenantId = tenantId, document.DocumentType, document.DocumentNo, record.RecordType, record.RecordId, PostedAt = now.ToUnixTimeMilliseconds() });
        rows.Add("DELETE FROM approval_entries WHERE tenant_id = @TenantId AND record_type = @RecordType AND record_id = @RecordId",
            new { TenantId = tenantId, record.RecordType, record.RecordId });
    }

    private static void FinishJob(WriteBatch rows, string tenantId, PostRecordCommand command, PostedDocumentRef document, DateTimeOffset now)
    {
        if (command.JobId is { } jobId)
            PostingJobQueue.Finish(rows, tenantId, jobId, document.DocumentNo, now);
    }

    private const string InsertPostedDocument =
        """
        INSERT INTO posted_documents (tenant_id, document_type, document_no, source_record_type, source_record_id, source_document_type, party,
            party_no, party_name, amount, amount_including_vat, posting_date, posted_by, posted_at_ms)
        VALUES (@TenantId, @DocumentType, @DocumentNo, @SourceRecordType, @SourceRecordId, @SourceDocumentType, @Party, @PartyNo, @PartyName,
            @Amount, @AmountIncludingVat, @PostingDate, @PostedBy, @PostedAt)
        """;

    internal static string Text(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
