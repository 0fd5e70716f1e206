using System.Net;
using System.Net.Http.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Posting;
using Workflow.Tests.Workflows;
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

    /// <summary>The document types Business Central's PostOpened{Purchase,Sales}{Type}Error procedures run for (those posting posts).</summary>
    public static TheoryData<string, string> ProvidersAndPostedDocumentTypes()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var type in new[] { "Credit Memo", "Invoice", "Order", "Return Order" })
                rows.Add(provider, type);
        return rows;
    }

    /// <summary>
    /// PostOpened{Purchase,Sales}{CreditMemo,Invoice,Order,ReturnOrder}Error (8, purchase then sales in one run): a
    /// document approved and released, then reopened, is not posted while the approval workflow is enabled: "{Type} {No.}
    /// must be approved and released before you can perform this action.", and nothing is posted.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndPostedDocumentTypes))]
    public async Task PostOpenedDocument(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);
        var posting = new PostingApi(scenario.Admin.Client);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");
            await scenario.ActOkAsync("APPR", request, "approve");
            Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "D-1"));
            // Reopen (LibraryPurchase.ReopenPurchaseDocument): the document is Open again, with what posting needs.
            var party = recordType == Purchase ? "Buy-from Vendor No." : "Sell-to Customer No.";
            await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("RECORD_CHANGED", recordType, "D-1",
                new Dictionary<string, string> { ["Status"] = "Open", [party] = "P10000" });

            var refusal = await RefusalAsync(await posting.PostAsync(recordType, "D-1"), HttpStatusCode.UnprocessableEntity);

            Assert.StartsWith($"{documentType} D-1 must be approved and released before you can perform this action.", refusal.Replace(" (Status is Open)", ""));
            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));
        }
        Assert.Empty(await posting.ListAsync("posted-documents"));
    }

    /// <summary>The four Post…On…RestrictionError procedures: the document type, the field naming the restricted party, and its record type.</summary>
    public static TheoryData<string, string, string, string> ProvidersAndRestrictedParties()
    {
        var rows = new TheoryData<string, string, string, string>();
        foreach (var provider in TestDatabase.Providers)
        {
            rows.Add(provider, Purchase, "Buy-from Vendor No.", Vendor);   // PostPurchaseInvoiceOnBuyFromVendorRestrictionError
            rows.Add(provider, Purchase, "Pay-to Vendor No.", Vendor);     // PostPurchaseInvoiceOnPayToVendorRestrictionError
            rows.Add(provider, Sales, "Sell-to Customer No.", Customer);   // PostSalesInvoiceOnSellToCustRestrictionError
            rows.Add(provider, Sales, "Bill-to Customer No.", Customer);   // PostSalesInvoiceOnBillToCustRestrictionError
        }
        return rows;
    }

    /// <summary>
    /// Post{Purchase,Sales}Invoice On{BuyFrom,PayTo}Vendor / {SellTo,BillTo}Cust RestrictionError (4): the invoice's vendor
    /// (customer) is sent for approval and so restricted; posting the released invoice is refused with "You cannot use
    /// Vendor: V2 for this action." and nothing is posted. (Beyond BC's procedure: once the vendor is approved, the
    /// invoice posts, to the pay-to vendor's ledger.)
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndRestrictedParties))]
    public async Task PostInvoiceOnPartyRestrictionError(string provider, string recordType, string partyField, string partyType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var (scenario, request) = await RestrictedAsync(server, partyType, "P2");
        var posting = new PostingApi(scenario.Admin.Client);
        var (first, second) = recordType == Purchase ? ("Buy-from Vendor No.", "Pay-to Vendor No.") : ("Sell-to Customer No.", "Bill-to Customer No.");
        // The restricted party is the one named by the procedure; the other field names an unrestricted one (or the same).
        var fields = new Dictionary<string, string>
        {
            ["Document Type"] = "Invoice", [first] = partyField == first ? "P2" : "P1", [second] = "P2", ["Amount"] = "100", ["Amount Including VAT"] = "125",
        };
        await posting.ReleasedAsync(recordType, "I-1", fields);

        var refusal = await RefusalAsync(await posting.PostAsync(recordType, "I-1"), HttpStatusCode.Conflict);

        Assert.StartsWith($"You cannot use {(partyType == Vendor ? "Vendor" : "Customer")}: P2 for this action.", refusal);
        Assert.Empty(await posting.ListAsync("posted-documents"));
        Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "I-1"));

        await scenario.ActOkAsync("APPR", request, "approve");
        var posted = await posting.PostOkAsync(recordType, "I-1");
        Assert.Single(posted.GetProperty("postedDocuments").EnumerateArray());
        var ledger = Assert.Single(await posting.LedgerAsync(partyType == Vendor ? "vendor" : "customer", "recordId=I-1"));
        Assert.Equal("P2", ledger.GetProperty("accountNo").GetString());
    }

    /// <summary>The four …PmtOn…Restriction procedures: the account type and whether the party is the line's account or its balancing account.</summary>
    public static TheoryData<string, string, bool> ProvidersAndRestrictedAccounts()
    {
        var rows = new TheoryData<string, string, bool>();
        foreach (var provider in TestDatabase.Providers)
        {
            rows.Add(provider, Vendor, false);     // VendorPmtOnVendorRestriction
            rows.Add(provider, Vendor, true);      // VendorAsBalanceAccountPmtOnVendorRestriction
            rows.Add(provider, Customer, false);   // CustomerPmtOnCustomerRestriction
            rows.Add(provider, Customer, true);    // CustomerAsBalanceAccountPmtOnCustomerRestriction
        }
        return rows;
    }

    /// <summary>
    /// VendorPmtOnVendorRestriction, VendorAsBalanceAccountPmtOnVendorRestriction and their customer twins (4): a payment
    /// line whose account (or balancing account) is a restricted vendor (customer) is not posted: "You cannot use Vendor:
    /// V1 for this action.", and the batch and its line stay. Once the vendor is approved the batch posts, the line
    /// balanced by its balancing account.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndRestrictedAccounts))]
    public async Task PmtOnPartyRestriction(string provider, string partyType, bool asBalanceAccount)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var (scenario, request) = await RestrictedAsync(server, partyType, "P1");
        var posting = new PostingApi(scenario.Admin.Client);
        var api = new WorkflowApi(scenario.Admin.Client);
        var party = partyType == Vendor ? "Vendor" : "Customer";
        await api.RaiseOkAsync("RECORD_CREATED", "GEN_JOURNAL_BATCH", "PAYMENT/B1", new Dictionary<string, string> { ["Journal Template Name"] = "PAYMENT", ["Name"] = "B1" });
        var (account, accountNo, balance, balanceNo) = asBalanceAccount ? ("G/L Account", "8100", party, "P1") : (party, "P1", "Bank Account", "WWB-OPERATING");
        await api.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", "PAYMENT/B1/10000", new Dictionary<string, string>
        {
            ["Journal Template Name"] = "PAYMENT", ["Journal Batch Name"] = "B1", ["Line No."] = "10000", ["Document Type"] = "Payment",
            ["Account Type"] = account, ["Account No."] = accountNo, ["Bal. Account Type"] = balance, ["Bal. Account No."] = balanceNo, ["Amount"] = "100",
        });

        var refusal = await RefusalAsync(await posting.PostAsync("GEN_JOURNAL_BATCH", "PAYMENT/B1"), HttpStatusCode.Conflict);

        Assert.StartsWith($"You cannot use {party}: P1 for this action.", refusal);
        Assert.Empty(await posting.ListAsync("posted-documents"));
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.Client.GetAsync("/api/v1/records/GEN_JOURNAL_LINE/PAYMENT/B1/10000")).StatusCode);

        await scenario.ActOkAsync("APPR", request, "approve");
        await posting.PostOkAsync("GEN_JOURNAL_BATCH", "PAYMENT/B1");
        var ledger = Assert.Single(await posting.LedgerAsync(partyType == Vendor ? "vendor" : "customer", "accountNo=P1"));
        Assert.Equal(asBalanceAccount ? -100m : 100m, PostingApi.Amount(ledger));
        Assert.Equal(0m, (await posting.LedgerAsync("gl", "documentType=G/L%20Register&documentNo=1")).Sum(PostingApi.Amount));
    }

    /// <summary>BC's SetRestrictionToVendor / SetRestrictionToCustomer: REQ sends the vendor (customer) for approval, which restricts it until APPR approves.</summary>
    private static async Task<(ApprovalScenario Scenario, string Request)> RestrictedAsync(WorkflowServerFactory server, string partyType, string partyNo)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, partyType);
        var request = await SendRecordOkAsync(scenario, "REQ", partyType, partyNo);
        Assert.Single(await RestrictionsAsync(scenario, partyType, partyNo));
        return (scenario, request);
    }
}
