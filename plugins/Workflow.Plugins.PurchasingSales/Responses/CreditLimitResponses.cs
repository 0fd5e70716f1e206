using System.Globalization;
using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Posting;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Responses;

/// <summary>
/// Business Central's CHECKCUSTOMERCREDITLIMIT (catalogue §3.3, SalesHeader.CheckAvailableCreditLimit): whether the sales
/// document would take its customer over the customer's credit limit, told as one of two events on the document.
/// </summary>
public static class CreditLimitResponses
{
    /// <summary>Code of <see cref="CheckCustomerCreditLimit"/>.</summary>
    public const string CheckCustomerCreditLimitCode = "CHECK_CUSTOMER_CREDIT_LIMIT";

    /// <summary>Field of the customer: its credit limit, 0 for none.</summary>
    public const string CreditLimitField = "Credit Limit (LCY)";

    /// <summary>
    /// "Check if the customer credit limit is exceeded.": the customer's balance (its customer ledger entries) plus the
    /// document's Amount Including VAT (Amount without VAT figures) against its Credit Limit (LCY); more than the limit
    /// raises "A customer credit limit is exceeded.", otherwise "... is not exceeded.". A customer without a credit limit
    /// (0 or blank) has none to exceed, as in Business Central.
    /// </summary>
    public static WorkflowResponseDefinition CheckCustomerCreditLimit { get; } = new(
        CheckCustomerCreditLimitCode, "Check if the customer credit limit is exceeded.", DocumentRecordTypes.SalesDocumentCode, ResponseOptionsSchema.None,
        new CheckCreditLimitHandler());

    /// <summary>The credit limit responses.</summary>
    public static IReadOnlyList<WorkflowResponseDefinition> All { get; } = [CheckCustomerCreditLimit];

    private sealed class CheckCreditLimitHandler : IWorkflowResponseHandler
    {
        public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var document = context.Record;
            // The customer billed carries the credit, as posting writes its ledger entries to it.
            var customerNo = document.GetText(DocumentPostingRule.BillToCustomerField) is { Length: > 0 } billTo ? billTo : document.GetText("Sell-to Customer No.");
            if (string.IsNullOrWhiteSpace(customerNo))
                throw new InvalidOperationException($"Sell-to Customer No. must have a value in {document.RecordType} {document.RecordId} to check its credit limit.");
            var customer = await context.GetRecordAsync(MasterDataRecordTypes.CustomerCode, customerNo, cancellationToken);
            var creditLimit = customer?.GetNumber(CreditLimitField) ?? 0m;
            var balance = await context.GetLedgerBalanceAsync(PostingParty.Customer, customerNo, cancellationToken);
            var amount = document.GetNumber("Amount Including VAT") ?? document.GetNumber(DocumentRecordTypes.AmountField) ?? 0m;
            var total = balance + amount;
            var exceeded = creditLimit > 0 && total > creditLimit;
            context.AddHistory(string.Create(CultureInfo.InvariantCulture,
                $"Customer {customerNo}: balance {balance} plus this document {amount} is {total}; credit limit {(creditLimit > 0 ? creditLimit.ToString(CultureInfo.InvariantCulture) : "none")}, {(exceeded ? "exceeded" : "not exceeded")}."));
            context.RaiseEvent(exceeded ? DocumentEvents.CreditLimitExceededCode : DocumentEvents.CreditLimitNotExceededCode);
        }
    }
}
