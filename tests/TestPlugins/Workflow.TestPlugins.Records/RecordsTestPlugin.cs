using Workflow.Abstractions;

namespace Workflow.TestPlugins.Records;

/// <summary>
/// Record types and events for engine scenario tests: sales invoices routed by amount (and changed, as a partner's
/// record-change event), decisions on customers (the
/// built-in purchasing and sales plugin's record type) whose credit limit changes are held, and a response that fails
/// on demand.
/// </summary>
public sealed class RecordsTestPlugin : IWorkflowPlugin
{
    public void Register(IWorkflowCatalogBuilder catalog)
    {
        catalog.AddRecordType(new RecordTypeDefinition("SALES_INVOICE", "Sales Invoice",
        [
            new RecordFieldDefinition("Customer No.", RecordFieldType.Text),
            new RecordFieldDefinition("Amount", RecordFieldType.Number),
            new RecordFieldDefinition("Document Date", RecordFieldType.Date),
            new RecordFieldDefinition("Status", RecordFieldType.Option) { OptionValues = ["Open", "Pending Approval", "Released"] },
            new RecordFieldDefinition("Route", RecordFieldType.Text),
        ]));

        catalog.AddEvent(new WorkflowEventDefinition("SALES_INVOICE_SUBMITTED", "A sales invoice is submitted.", "SALES_INVOICE"));
        catalog.AddEvent(new WorkflowEventDefinition("SALES_INVOICE_POSTED", "A sales invoice is posted.", "SALES_INVOICE"));
        // A partner's own record-change event: it carries previous values, so a change can be reverted and held after it.
        catalog.AddEvent(new WorkflowEventDefinition("SALES_INVOICE_CHANGED", "A sales invoice is changed.", "SALES_INVOICE") { UsedForRecordChange = true });
        catalog.AddEvent(new WorkflowEventDefinition("CUSTOMER_CHANGE_APPROVED", "A customer change is approved.", "CUSTOMER"));
        catalog.AddEvent(new WorkflowEventDefinition("CUSTOMER_CHANGE_REJECTED", "A customer change is rejected.", "CUSTOMER"));

        catalog.AddResponse(new WorkflowResponseDefinition("FAIL_WHEN_CUSTOMER_IS_FAIL", "Fail when the customer number is FAIL.", "SALES_INVOICE",
            ResponseOptionsSchema.None, new FailOnDemand()));
    }

    private sealed class FailOnDemand : IWorkflowResponseHandler
    {
        public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken) =>
            context.Record.GetText("Customer No.") == "FAIL"
                ? throw new InvalidOperationException($"Posting {context.Record.RecordId} failed: customer FAIL is not allowed.")
                : Task.CompletedTask;
    }
}
