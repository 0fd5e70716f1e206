using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134317 "Workflow Additional Scenarios": an approved document keeps no hold on its
/// salesperson or purchaser, an approval of a sales order reaches its own workflow while a customer approval of the
/// same user waits, two copies of a template cannot both be enabled, and an instance started before its workflow was
/// disabled runs to its end.
/// </summary>
public sealed class WorkflowAdditionalScenariosTests
{
    /// <summary>
    /// TestChangeSalespersonCodeAfter{Invoice,Quote,Order,CreditMemo,ReturnOrder,BlanketOrder}IsApprovedAndReopened and
    /// TestChangePurcahserCodeAfter…IsApprovedAndReopened (12): a document whose approval finished at once (BC creates
    /// and approves the request automatically; here the sender's own unlimited approval does, and releases it) takes a
    /// new salesperson or purchaser code without error.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task TestChangeSalespersonPurchaserCodeAfterDocumentIsApproved(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        await scenario.SetupAsync("REQ", unlimited: true, unlimitedSales: true);
        var codeField = recordType == Sales ? "Salesperson Code" : "Purchaser Code";

        foreach (var documentType in DocumentTypes)
        {
            var documentNo = $"D-{documentType}";
            await scenario.EnableDocumentApprovalAsync(recordType, documentType,
                new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = LimitFor(recordType) });
            await scenario.SendDocumentOkAsync("REQ", recordType, documentType, documentNo, 1000m);
            Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, documentNo));

            var change = await new WorkflowApi(scenario.As("REQ")).RaiseAsync("RECORD_CHANGED", recordType, documentNo, new Dictionary<string, string> { [codeField] = "SP-2" });

            Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());
            Assert.Equal("SP-2", await scenario.Admin.FieldAsync(recordType, documentNo, codeField));
        }
    }

    /// <summary>
    /// TestApproveSalesDocWhileCustomerIsAlsoAwaitingApproval: a customer and a sales order of the same sender wait for
    /// the same approver; approving the sales order's request runs the sales order workflow to its end (BC: none of its
    /// step instances is left) and leaves the customer's request open.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestApproveSalesDocWhileCustomerIsAlsoAwaitingApproval(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, Customer);
        await scenario.EnableDocumentApprovalAsync(Sales, "Order", new { approverType = "Approver", approverLimitType = "Direct Approver" }, code: "SO-APPROVAL");

        var customerRequest = await SendRecordOkAsync(scenario, "REQ", Customer, "C-1");
        var orderRequest = await scenario.SendDocumentOkAsync("REQ", Sales, "Order", "SO-1", 100m);

        await scenario.ActOkAsync("APPR", orderRequest, "approve");

        Assert.Empty((await scenario.Admin.InstancesAsync("?workflowCode=SO-APPROVAL&status=Running")).EnumerateArray());
        Assert.Equal("Released", await DocumentStatusAsync(scenario, Sales, "SO-1"));
        Assert.Equal("Running", (await scenario.Admin.InstanceAsync(customerRequest)).GetProperty("status").GetString());
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(Customer, "C-1"));
    }

    /// <summary>
    /// TestWorkflowEntryPointsSameTableSameNoRules: two copies of one template, same entry event, same conditions, no
    /// rules: the first is enabled, the second is refused ("One or more entry-point steps exist that use the same event
    /// on table …"). BC copies the general journal batch template, which waits for its balance check here; the item
    /// journal batch template is the same pattern (P5).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowEntryPointsSameTableSameNoRules(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server);
        await scenario.EnableTemplateAsync("WF-IJBAPW", "IJB-1");
        var copy = await scenario.Admin.Client.PostAsJsonAsync("/api/v1/workflows/WF-IJBAPW/copy", new { code = "IJB-2" });
        Assert.True(copy.IsSuccessStatusCode, await copy.Content.ReadAsStringAsync());

        var refused = await scenario.Admin.EnableRefusedAsync("IJB-2");

        Assert.Contains("One or more entry-point steps exist that use the same event on table ITEM_JOURNAL_BATCH.", refused.GetRawText(), StringComparison.Ordinal);
        Assert.False((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/IJB-2")).GetProperty("enabled").GetBoolean());
    }

    /// <summary>
    /// TestOnceStartedWorkflowCanContinueEvenIfWorkflowIsDisabled: a sales invoice is sent for approval on a workflow of
    /// three linked events (requested → create and send; approved → release; released → message); the workflow is then
    /// disabled; the approval still releases the invoice and the last response shows its message.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestOnceStartedWorkflowCanContinueEvenIfWorkflowIsDisabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR");
        await scenario.SetupAsync("REQ", approver: "APPR");
        const string message = "GU00000042";
        await scenario.Admin.CreateAndEnableAsync("SI-LINKED",
        [
            Event(1, "SALES_DOCUMENT_APPROVAL_REQUESTED"),
            Response(2, "CREATE_APPROVAL_REQUESTS", 1, new { approverType = "Approver", approverLimitType = "Direct Approver" }),
            Response(3, "SEND_APPROVAL_REQUEST", 2),
            Event(4, "APPROVAL_REQUEST_APPROVED", 3),
            Response(5, "RELEASE_DOCUMENT", 4),
            Event(6, "SALES_DOCUMENT_RELEASED", 5),
            Response(7, "SHOW_MESSAGE", 6, new { message }),
        ]);
        var request = await scenario.SendDocumentOkAsync("REQ", Sales, "Invoice", "SI-1", 100m);
        var disabled = await scenario.Admin.Client.PostAsync("/api/v1/workflows/SI-LINKED/disable", null);
        Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());

        await scenario.ActOkAsync("APPR", request, "approve");

        Assert.Equal("Released", await DocumentStatusAsync(scenario, Sales, "SI-1"));
        var instance = await scenario.Admin.InstanceAsync(request);
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
        Assert.Contains(instance.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == message);
    }
}
