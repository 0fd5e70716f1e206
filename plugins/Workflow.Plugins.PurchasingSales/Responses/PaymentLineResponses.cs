using System.Globalization;
using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Responses;

/// <summary>
/// Business Central's payment response after a purchase invoice is posted (catalogue §3.3,
/// BACKGROUNDCREATEPMTLINEFORPOSTEDDOCUMENT, codeunit 1512 Workflow Create Payment Line): a payment journal line for the
/// posted invoice's vendor and remaining amount, applied to the invoice, in the journal batch the step names.
/// </summary>
public static class PaymentLineResponses
{
    /// <summary>Code of <see cref="CreatePaymentLineInBackground"/>.</summary>
    public const string CreatePaymentLineInBackgroundCode = "BACKGROUND_CREATE_PAYMENT_LINE";

    /// <summary>Option: the general journal template of the batch (Business Central's General Journal Template Name).</summary>
    public const string JournalTemplateNameOption = "journalTemplateName";

    /// <summary>Option: the general journal batch the line goes to (General Journal Batch Name).</summary>
    public const string JournalBatchNameOption = "journalBatchName";

    /// <summary>
    /// "Create a payment journal line in the background for journal template %1 and journal batch %2.": the line is made
    /// through the host's outbox once the step is stored (durable, and once however often it is raised), with "A general
    /// journal line is created." for it; the instance continues on the line. Both options are mandatory, as in Business
    /// Central: enabling a workflow that leaves one blank is refused.
    /// </summary>
    public static WorkflowResponseDefinition CreatePaymentLineInBackground { get; } = new(
        CreatePaymentLineInBackgroundCode,
        "Create a payment journal line in the background for journal template %1 and journal batch %2.",
        PostedDocumentRecordTypes.PostedPurchaseInvoiceCode,
        new ResponseOptionsSchema(
        [
            new ResponseOptionDefinition(JournalTemplateNameOption, ResponseOptionType.Text, Required: true)
            {
                Description = "The general journal template of the batch the payment line goes to, e.g. PAYMENT.",
            },
            new ResponseOptionDefinition(JournalBatchNameOption, ResponseOptionType.Text, Required: true)
            {
                Description = "The general journal batch the payment line goes to, e.g. DEFAULT.",
            },
        ]),
        new CreatePaymentLineHandler())
    {
        ContinuesOnRecordTypes = [JournalRecordTypes.GenJournalLineCode],
    };

    /// <summary>The payment responses.</summary>
    public static IReadOnlyList<WorkflowResponseDefinition> All { get; } = [CreatePaymentLineInBackground];

    private sealed class CreatePaymentLineHandler : IWorkflowResponseHandler
    {
        public IEnumerable<string> ValidateOptions(WorkflowResponseOptions options)
        {
            foreach (var name in new[] { JournalTemplateNameOption, JournalBatchNameOption })
                if (options.GetText(name) is { } value && value.Contains('/'))
                    yield return $"{name} '{value}' holds a slash (/); journal template and batch names cannot, the batch's record id joins them with one.";
        }

        public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var invoice = context.Record;
            var template = context.Options.GetText(JournalTemplateNameOption) ?? throw new InvalidOperationException($"{JournalTemplateNameOption} must have a value.");
            var batch = context.Options.GetText(JournalBatchNameOption) ?? throw new InvalidOperationException($"{JournalBatchNameOption} must have a value.");
            var vendor = invoice.GetText(PostedDocumentRecordTypes.VendorNoField);
            if (string.IsNullOrWhiteSpace(vendor))
                throw new InvalidOperationException($"{PostedDocumentRecordTypes.VendorNoField} must have a value in {invoice.RecordType} {invoice.RecordId} to pay it.");
            var remaining = invoice.GetNumber(PostedDocumentRecordTypes.RemainingAmountField) ?? 0m;
            if (remaining <= 0)
                throw new InvalidOperationException($"There is nothing to pay: the Remaining Amount of {invoice.RecordType} {invoice.RecordId} is {remaining}.");
            // One payment line per posted invoice: its line number is the invoice's number, so making it again (or two
            // invoices paid into one batch at once) never writes over another line.
            if (!long.TryParse(invoice.RecordId, NumberStyles.None, CultureInfo.InvariantCulture, out var lineNo))
                throw new InvalidOperationException($"{invoice.RecordType} {invoice.RecordId} has no numeric number to give its payment line.");

            context.CreateRecord(JournalRecordTypes.GenJournalLineCode, $"{template}/{batch}/{lineNo}", new Dictionary<string, string?>
            {
                ["Journal Template Name"] = template,
                ["Journal Batch Name"] = batch,
                ["Line No."] = lineNo.ToString(CultureInfo.InvariantCulture),
                ["Document Type"] = "Payment",
                ["Account Type"] = "Vendor",
                ["Account No."] = vendor,
                // A payment to a vendor is a debit: it cancels the invoice's credit on the vendor's ledger.
                ["Amount"] = remaining.ToString(CultureInfo.InvariantCulture),
                ["Description"] = $"Payment of posted purchase invoice {invoice.RecordId}",
                ["Applies-to Doc. Type"] = "Invoice",
                ["Applies-to Doc. No."] = invoice.RecordId,
            }, JournalEvents.LineCreatedCode);
            return Task.CompletedTask;
        }
    }
}
