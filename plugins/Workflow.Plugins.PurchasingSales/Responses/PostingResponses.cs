using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Posting;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Responses;

/// <summary>
/// Business Central's system tasks that post (catalogue §3.2): <c>POSTDOCUMENT</c>, <c>BACKGROUNDPOSTAPPROVEDPURCHASEDOC</c>
/// and the general journal batch's post, plus <c>CHECKGENERALJOURNALBATCHBALANCE</c>. The posting itself is the host's
/// (number series, ledger entries, posted approval entries, one transaction); these responses ask for it.
/// </summary>
public static class PostingResponses
{
    /// <summary>Code of <see cref="PostDocument"/>.</summary>
    public const string PostDocumentCode = "POST_DOCUMENT";

    /// <summary>Code of <see cref="PostDocumentInBackground"/>.</summary>
    public const string PostDocumentInBackgroundCode = "BACKGROUND_POST_DOCUMENT";

    /// <summary>Code of <see cref="PostJournalBatch"/>.</summary>
    public const string PostJournalBatchCode = "POST_GEN_JOURNAL_BATCH";

    /// <summary>Code of <see cref="CheckJournalBatchBalance"/>.</summary>
    public const string CheckJournalBatchBalanceCode = "CHECK_GEN_JOURNAL_BATCH_BALANCE";

    /// <summary>"Post the sales or purchase document.": posts it when the chain has finished, with the chain's changes.</summary>
    public static WorkflowResponseDefinition PostDocument { get; } = new(
        PostDocumentCode, "Post the sales or purchase document.", RecordType: null, ResponseOptionsSchema.None, new PostHandler(background: false))
    {
        ContinuesOnRecordTypes = [PostedDocumentRecordTypes.PostedPurchaseInvoiceCode],
    };

    /// <summary>
    /// "Post the sales or purchase document in the background.": a job on the host's durable job queue posts it. As in
    /// Business Central it requires the document Released.
    /// </summary>
    public static WorkflowResponseDefinition PostDocumentInBackground { get; } = new(
        PostDocumentInBackgroundCode, "Post the sales or purchase document in the background.", RecordType: null, ResponseOptionsSchema.None,
        new PostHandler(background: true))
    {
        ContinuesOnRecordTypes = [PostedDocumentRecordTypes.PostedPurchaseInvoiceCode],
    };

    /// <summary>"Post the general journal batch.": its lines become G/L entries (they must balance) and are removed.</summary>
    public static WorkflowResponseDefinition PostJournalBatch { get; } = new(
        PostJournalBatchCode, "Post the general journal batch.", JournalRecordTypes.GenJournalBatchCode, ResponseOptionsSchema.None,
        new PostHandler(background: false));

    /// <summary>
    /// "Check if the general journal batch is balanced.": raises "A general journal batch is balanced." when its lines'
    /// amounts sum to zero, "... is not balanced." otherwise (Business Central's GenJournalBatch.CheckBalance).
    /// </summary>
    public static WorkflowResponseDefinition CheckJournalBatchBalance { get; } = new(
        CheckJournalBatchBalanceCode, "Check if the general journal batch is balanced.", JournalRecordTypes.GenJournalBatchCode, ResponseOptionsSchema.None,
        new CheckBalanceHandler());

    /// <summary>The posting responses.</summary>
    public static IReadOnlyList<WorkflowResponseDefinition> All { get; } = [PostDocument, PostDocumentInBackground, PostJournalBatch, CheckJournalBatchBalance];

    private sealed class PostHandler(bool background) : IWorkflowResponseHandler
    {
        public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var record = context.Record;
            var status = record.GetText(ApprovalStatus.Field);
            // Business Central's PrePostApprovalCheck: an approved document is Released before it posts.
            if (status is not null && status != ApprovalStatus.Released && record.RecordType != JournalRecordTypes.GenJournalBatchCode)
                throw new InvalidOperationException(
                    $"{record.GetText(DocumentRecordTypes.DocumentTypeField) ?? record.RecordType} {record.RecordId} must be approved and released before you can perform this action (Status is {status}).");
            if (status == ApprovalStatus.PendingApproval)
                throw new InvalidOperationException($"{record.RecordType} {record.RecordId} is Pending Approval and cannot be posted.");
            if (background)
                context.PostRecordInBackground();
            else
                context.PostRecord();
            return Task.CompletedTask;
        }
    }

    private sealed class CheckBalanceHandler : IWorkflowResponseHandler
    {
        public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var balance = GenJournalPostingRule.Balance(await context.GetLinesAsync(cancellationToken));
            context.RaiseEvent(balance == 0 ? JournalEvents.BatchBalancedCode : JournalEvents.BatchNotBalancedCode);
        }
    }
}
