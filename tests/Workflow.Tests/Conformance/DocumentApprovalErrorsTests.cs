using System.Net.Http.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134200 "Document Approval - Errors": the refusals of sending, approving, rejecting and
/// delegating, and of approval user setup. Each theory row is one of its test procedures (document type × purchase
/// or sales, as the procedure names say).
/// </summary>
public sealed class DocumentApprovalErrorsTests
{
    /// <summary>
    /// Purchase/Sales{Type}BeyondApprovalLimitError: the purchaser's user has no limit and no approver above, so sending
    /// fails with "No qualified approver was found." and the document stays Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task PurchaseDocumentBeyondApprovalLimit(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: false);
        await EnableSalespersonPurchaserChainAsync(scenario, Purchase, documentType);

        await ProblemAssert.IsRefusalAsync(await scenario.SendDocumentAsync("REQ", Purchase, documentType, "PD-1", 500m, approverCode: "APPR"), "No qualified approver was found.");

        await NothingChangedAsync(scenario, Purchase, "PD-1");
    }

    /// <summary>Sales{Type}BeyondApprovalLimitError: as the purchase procedures, on sales documents and sales limits.</summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task SalesDocumentBeyondApprovalLimit(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: false);
        await EnableSalespersonPurchaserChainAsync(scenario, Sales, documentType);

        await ProblemAssert.IsRefusalAsync(await scenario.SendDocumentAsync("REQ", Sales, documentType, "SD-1", 500m, approverCode: "APPR"), "No qualified approver was found.");

        await NothingChangedAsync(scenario, Sales, "SD-1");
    }

    /// <summary>Purchase/Sales{Type}NoWorkflow: with no approval workflow enabled, sending is no error and the document stays Open.</summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task DocumentApprovalWithoutWorkflow(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);

        foreach (var documentType in DocumentTypes)
        {
            var response = await scenario.SendDocumentAsync("REQ", recordType, documentType, $"D-{documentType}", 500m, approverCode: "APPR");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Empty((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("startedInstances").EnumerateArray());
            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, $"D-{documentType}"));
            Assert.Empty(await scenario.RecordEntriesAsync(recordType, $"D-{documentType}"));
        }
    }

    /// <summary>
    /// Purchase{Type}WithPurchaserCodeError / Sales{Type}WithSalesPersonCodeError: the document's purchaser or salesperson
    /// has no approval user setup, so sending fails with "The salesperson/purchaser user ID does not exist in the
    /// Approval User Setup window for Salespers./Purch. Code …" and nothing changes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task DocumentWithDifferentPurchaserCode(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SP");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);

        foreach (var documentType in DocumentTypes)
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            var no = $"D-{documentType}";
            await ProblemAssert.IsRefusalAsync(await scenario.SendDocumentAsync("REQ", recordType, documentType, no, 500m, approverCode: "SP"),
                "does not exist in the Approval User Setup window for Salespers./Purch. Code");
            await NothingChangedAsync(scenario, recordType, no);
        }
    }

    /// <summary>
    /// Purchase{Type}WithSubstituteError / Sales{Type}WithSubstituteError: the approver has no substitute, no approver of
    /// their own and there is no approval administrator, so delegating fails with "There is no substitute, direct
    /// approver, or approval administrator for user ID APPR in the Approval User Setup window." and the entry stays.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task DocumentWithoutSubstitute(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true, administrator: false);

        foreach (var documentType in DocumentTypes)
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            var no = $"D-{documentType}";
            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, no, 500m, approverCode: "APPR");

            await ProblemAssert.IsRefusalAsync(await scenario.ActAsync("APPR", request, "delegate"),
                "There is no substitute, direct approver, or approval administrator for user ID APPR in the Approval User Setup window.");

            Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, no));
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, no));
        }
    }

    /// <summary>
    /// PurchaseAmountApprovalLimitWithUnlimitedError, SalesAmountApprovalLimitWithUnlimitedError,
    /// RequestAmountApprovalLimitWithUnlimitedError: a user setup with both a limit and its Unlimited flag is refused
    /// with "You cannot have both a … Amount Approval Limit and Unlimited … Approval." and the setup stays as it was.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AmountApprovalLimitWithUnlimitedError(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "APPR");
        await scenario.SetupAsync("APPR");
        var setup = new ApprovalSetupApi(scenario.Admin.Client);
        var before = await setup.SnapshotAsync();

        foreach (var (kind, body) in new (string, object)[]
                 {
                     ("Purchase", new { unlimitedPurchaseApproval = true, purchaseAmountApprovalLimit = 50m }),
                     ("Sales", new { unlimitedSalesApproval = true, salesAmountApprovalLimit = 50m }),
                     ("Request", new { unlimitedRequestApproval = true, requestAmountApprovalLimit = 50m }),
                 })
        {
            await ApprovalSetupApi.RefusedAsync(await setup.PutSetupAsync("APPR", body), $"{kind.ToLowerInvariant()}AmountApprovalLimit",
                $"You cannot have both a {kind} Amount Approval Limit and Unlimited {kind} Approval");
        }

        Assert.Equal(before, await setup.SnapshotAsync());
    }

    /// <summary>
    /// CannotApproveIfApprovalRequestIsNotOpen, CannotRejectIfApprovalRequestIsNotOpen,
    /// CannotDelegateIfApprovalRequestIsNotOpen: acting on an entry that is no longer Open (here Rejected) is refused
    /// with "You can only approve open approval requests." / "You can only reject open approval entries." / "You can
    /// only delegate open approval requests." and the entry stays Rejected.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CannotActIfApprovalRequestIsNotOpen(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        await scenario.SetupAsync("SUB", unlimited: true);
        await scenario.SetupAsync("APPR", unlimited: true, substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 500m);
        await scenario.ActOkAsync("APPR", request, "reject");

        await ProblemAssert.IsRefusalAsync(await scenario.ActAsync("APPR", request, "approve", new { entryNo = 1 }), "You can only approve open approval requests.");
        await ProblemAssert.IsRefusalAsync(await scenario.ActAsync("APPR", request, "reject", new { entryNo = 1 }), "You can only reject open approval entries.");
        await ProblemAssert.IsRefusalAsync(await scenario.ActAsync("APPR", request, "delegate", new { entryNo = 1 }), "You can only delegate open approval requests.");

        Assert.Equal(["APPR:Rejected"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
    }

    /// <summary>
    /// TestSalesInvoiceApproverChainLoop: Business Central accepts an approver chain that loops (U1 → U2 → U3 → U1) and
    /// refuses the request at send with "No sufficient approver was found in the approver chain.". This engine refuses
    /// the loop when the setup that closes it is saved, so no request can meet one: the setup stays without the loop
    /// and a request along the open chain ends at U3 without a limit, refused as BC refuses an unqualified chain.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestSalesInvoiceApproverChainLoop(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "U1", "U2", "U3");
        await scenario.SetupAsync("U1", approver: "U2");
        await scenario.SetupAsync("U2", approver: "U3");
        await scenario.SetupAsync("U3");
        await scenario.SetupAsync("REQ", approver: "U1");
        await EnableSalespersonPurchaserChainAsync(scenario, Sales, "Invoice");

        var setup = new ApprovalSetupApi(scenario.Admin.Client);
        await ApprovalSetupApi.RefusedAsync(await setup.PutSetupAsync("U3", new { approverId = "U1" }), "approverId", "loop");
        Assert.Null((await setup.GetOkAsync("/api/v1/approval-user-setup/U3")).GetProperty("approverId").GetString());

        await ProblemAssert.IsRefusalAsync(await scenario.SendDocumentAsync("REQ", Sales, "Invoice", "SI-1", 500m, approverCode: "U1"),
            "No qualified approver was found.");
        await NothingChangedAsync(scenario, Sales, "SI-1");
    }
}
