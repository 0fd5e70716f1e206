using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Posting;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134322 "General Journal Line Approval": a journal line sent for approval is held (its
/// batch does not post) until it is approved, stays held when the request is canceled, cannot be deleted by its sender
/// while pending, and walks an approver chain by its amount.
/// </summary>
public sealed class GeneralJournalLineApprovalTests
{
    private const string Line = "GEN_JOURNAL_LINE";
    private const string Batch = "GEN_JOURNAL_BATCH";

    /// <summary>A journal line of batch GENERAL/<paramref name="batch"/> (BC's CreateGeneralJnlLine).</summary>
    /// <remarks>With <paramref name="balAccountNo"/>, the line balances itself (BC's batch balancing account on the line).</remarks>
    private static Task CreateLineAsync(WorkflowApi api, string batch, int lineNo, string accountType, string accountNo, decimal amount, string documentType = "Invoice",
        string? balAccountNo = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Journal Template Name"] = "GENERAL", ["Journal Batch Name"] = batch, ["Line No."] = lineNo.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Document Type"] = documentType, ["Account Type"] = accountType, ["Account No."] = accountNo,
            ["Amount"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (balAccountNo is not null)
            (fields["Bal. Account Type"], fields["Bal. Account No."]) = ("G/L Account", balAccountNo);
        return api.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", Line, $"GENERAL/{batch}/{lineNo}", fields);
    }

    /// <summary>BC's CreateGeneralJournalBatchWithOneJournalLine: a customer invoice line balanced by G/L account 8100.</summary>
    private static async Task CreateBatchWithOneJournalLineAsync(WorkflowApi api, string batch, decimal amount = 20000m)
    {
        await api.RaiseOkAsync("RECORD_CREATED", Batch, $"GENERAL/{batch}", new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = batch });
        await CreateLineAsync(api, batch, 10000, "Customer", "C10000", amount, balAccountNo: "8100");
    }

    /// <summary>The sender sends one journal line for approval (SendApprovalRequestJournalLine); returns the request id.</summary>
    private static Task<string> SendLineAsync(ApprovalScenario scenario, string sender, string recordId) =>
        SendRecordOkAsync(scenario, sender, Line, recordId, new Dictionary<string, string> { ["Line No."] = recordId[(recordId.LastIndexOf('/') + 1)..] });

    /// <summary>The chain of SetupUsersForApprovalsWithLimits: REQ (limit 100) → MID (limit 1000) → FIN (unlimited), on the given limit.</summary>
    private static async Task SetupUsersForApprovalsWithLimitsAsync(ApprovalScenario scenario, string limit)
    {
        var limits = new Dictionary<string, (string? Approver, decimal? Limit)> { ["FIN"] = (null, null), ["MID"] = ("FIN", 1000m), ["REQ"] = ("MID", 100m) };
        foreach (var (user, (approver, amount)) in limits)
        {
            var response = await scenario.Admin.Client.PutAsJsonAsync($"/api/v1/approval-user-setup/{user}", new
            {
                approverId = approver,
                purchaseAmountApprovalLimit = limit == "Purchase" ? amount ?? 0m : 0m, unlimitedPurchaseApproval = limit == "Purchase" && amount is null,
                salesAmountApprovalLimit = limit == "Sales" ? amount ?? 0m : 0m, unlimitedSalesApproval = limit == "Sales" && amount is null,
                requestAmountApprovalLimit = limit == "Request" ? amount ?? 0m : 0m, unlimitedRequestApproval = limit == "Request" && amount is null,
            });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>BC's CreateApprovalChainEnabledWorkflow: the line approval workflow with limit type Approver Chain, on <paramref name="limit"/>.</summary>
    private static Task CreateApprovalChainEnabledWorkflowAsync(ApprovalScenario scenario, string limit) =>
        EnableRecordApprovalAsync(scenario, Line, new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = limit }, code: "GJL-CHAIN");

    private static async Task<ApprovalScenario> DirectApprovalAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR");
        await scenario.SetupAsync("REQ", approver: "APPR");
        // CreateDirectApprovalEnabledWorkflow: MS-GJLAPW as it ships.
        await scenario.EnableTemplateAsync("WF-GJLAPW", "GJL-APPROVAL");
        return scenario;
    }

    private static async Task<string> PostingRefusalAsync(HttpClient client, string batch) =>
        await RefusalAsync(await new PostingApi(client).PostAsync(Batch, $"GENERAL/{batch}"), HttpStatusCode.Conflict);

    /// <summary>
    /// DeleteAfterSendingRequest: the line's one entry is open, from REQ to APPR, with the sender's comment; the sender
    /// cannot delete the line ("You can't delete a record that has open approval entries. … Cancel approval request
    /// first."), and the line, its entry and the comment stay.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteAfterSendingRequest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await DirectApprovalAsync(server);
        await CreateBatchWithOneJournalLineAsync(scenario.Admin, "B1");

        var request = await SendLineAsync(scenario, "REQ", "GENERAL/B1/10000");
        var comment = await scenario.As("REQ").PostAsJsonAsync($"/api/v1/approval-requests/{request}/comments", new { text = "Test" });
        Assert.True(comment.IsSuccessStatusCode, await comment.Content.ReadAsStringAsync());

        var entry = Assert.Single((await scenario.RequestAsync(request)).GetProperty("entries").EnumerateArray());
        Assert.Equal(("Open", "REQ", "APPR"), (entry.GetProperty("status").GetString(), entry.GetProperty("senderId").GetString(), entry.GetProperty("approverId").GetString()));
        var delete = await scenario.As("REQ").DeleteAsync("/api/v1/records/GEN_JOURNAL_LINE/GENERAL/B1/10000");

        Assert.StartsWith("You can't delete a record that has open approval entries", await RefusalAsync(delete, HttpStatusCode.Conflict));
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000"));
        Assert.Single((await scenario.RequestAsync(request)).GetProperty("comments").EnumerateArray());
    }

    /// <summary>
    /// ChainOfApproversApproveRequest: a line of 20,000 on a chain REQ (100) → MID (1,000) → FIN (unlimited): REQ's own
    /// entry Approved, MID's Open, FIN's Created; MID approves and FIN's opens; FIN approves and all three are Approved.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ChainOfApproversApproveRequest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MID", "FIN");
        await SetupUsersForApprovalsWithLimitsAsync(scenario, "Sales");
        await CreateApprovalChainEnabledWorkflowAsync(scenario, "Sales");
        await CreateBatchWithOneJournalLineAsync(scenario.Admin, "B1");

        var request = await SendLineAsync(scenario, "REQ", "GENERAL/B1/10000");
        Assert.Equal(["REQ:Approved", "MID:Open", "FIN:Created"], await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000"));

        await scenario.ActOkAsync("MID", request, "approve");
        Assert.Equal(["REQ:Approved", "MID:Approved", "FIN:Open"], await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000"));

        await scenario.ActOkAsync("FIN", request, "approve");
        Assert.Equal(["REQ:Approved", "MID:Approved", "FIN:Approved"], await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000"));
    }

    /// <summary>
    /// ChainOfApproversForCustomerAccountType and ChainOfApproversForVendorAccountType: a customer line goes up the
    /// sales limits and a vendor line up the purchase limits, three entries each. BC picks the limit from the line's
    /// account type; here the workflow's create step names it (approvalLimit), so each account type has its workflow.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, "Customer", "Sales")]
    [InlineData(TestDatabase.Sqlite, "Vendor", "Purchase")]
    [InlineData(TestDatabase.Postgres, "Customer", "Sales")]
    [InlineData(TestDatabase.Postgres, "Vendor", "Purchase")]
    public async Task ChainOfApproversForAccountType(string provider, string accountType, string limit)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MID", "FIN");
        await SetupUsersForApprovalsWithLimitsAsync(scenario, limit);
        await CreateApprovalChainEnabledWorkflowAsync(scenario, limit);
        await CreateLineAsync(scenario.Admin, "B1", 10000, accountType, "A10000", 20000m);

        await SendLineAsync(scenario, "REQ", "GENERAL/B1/10000");

        Assert.Equal(3, (await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000")).Length);
    }

    /// <summary>
    /// GenJournalLineApprovalRequestIsSentForPaymentDocTypeAndGLAccountForApprovalChainLimitType: a payment line to a G/L
    /// account of 50, over the sender's request limit of 10, goes up the chain: its last entry is Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GenJournalLineApprovalRequestIsSentForPaymentDocTypeAndGLAccountForApprovalChainLimitType(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MID", "FIN");
        await SetupUsersForApprovalsWithLimitsAsync(scenario, "Request");
        var requestor = await scenario.Admin.Client.PutAsJsonAsync("/api/v1/approval-user-setup/REQ", new { approverId = "MID", requestAmountApprovalLimit = 10m });
        Assert.True(requestor.IsSuccessStatusCode, await requestor.Content.ReadAsStringAsync());
        await CreateApprovalChainEnabledWorkflowAsync(scenario, "Request");
        await CreateLineAsync(scenario.Admin, "B1", 10000, "G/L Account", "8100", 50m, documentType: "Payment");

        await SendLineAsync(scenario, "REQ", "GENERAL/B1/10000");

        Assert.EndsWith(":Open", (await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000"))[^1]);
    }

    /// <summary>
    /// SendGenJnlLineForApprovalRestrictsUsage: a line sent for approval is restricted and its batch cannot be posted.
    /// CancelGenJnlLineForApprovalDoesNotAllowsUsage: canceling the request keeps the restriction (MS-GJLAPW), and the
    /// batch still does not post ("You cannot use Gen. Journal Line … for this action.").
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendAndCancelGenJnlLineForApprovalRestrictsUsage(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await DirectApprovalAsync(server);
        await CreateBatchWithOneJournalLineAsync(scenario.Admin, "B1");

        await SendLineAsync(scenario, "REQ", "GENERAL/B1/10000");

        Assert.NotEmpty(await RestrictionsAsync(scenario, Line, "GENERAL/B1/10000"));
        Assert.Contains("GENERAL/B1/10000", await PostingRefusalAsync(scenario.Admin.Client, "B1"), StringComparison.Ordinal);

        await CancelRecordApprovalAsync(scenario, "REQ", Line, "GENERAL/B1/10000");

        Assert.Equal(["APPR:Canceled"], await scenario.RecordEntriesAsync(Line, "GENERAL/B1/10000"));
        Assert.NotEmpty(await RestrictionsAsync(scenario, Line, "GENERAL/B1/10000"));
        var refused = await PostingRefusalAsync(scenario.Admin.Client, "B1");
        Assert.StartsWith("You cannot use GEN_JOURNAL_LINE GENERAL/B1/10000 for this action", refused, StringComparison.Ordinal);
        Assert.Empty(await new PostingApi(scenario.Admin.Client).ListAsync("posted-documents"));
    }

    /// <summary>
    /// ApproveGenJnlLineForApprovalAllowsUsage: once the approver approves the line its restriction is lifted and the
    /// batch posts.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApproveGenJnlLineForApprovalAllowsUsage(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await DirectApprovalAsync(server);
        await CreateBatchWithOneJournalLineAsync(scenario.Admin, "B1");
        var request = await SendLineAsync(scenario, "REQ", "GENERAL/B1/10000");

        await scenario.ActOkAsync("APPR", request, "approve");

        Assert.Empty(await RestrictionsAsync(scenario, Line, "GENERAL/B1/10000"));
        await new PostingApi(scenario.Admin.Client).PostOkAsync(Batch, "GENERAL/B1");
        Assert.Equal(20000m, PostingApi.Amount(Assert.Single(await new PostingApi(scenario.Admin.Client).LedgerAsync("customer", "accountNo=C10000"))));
    }

    /// <summary>
    /// RestrictGenJournalLinePostingAfterInsertWithApprovalEnabled: the line approval workflow is enabled after the batch's
    /// first line was made; a line inserted afterwards is restricted ("the line requires approval"), the first is not, and
    /// the batch is not posted, the refusal naming the new line. Nothing is posted.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RestrictGenJournalLinePostingAfterInsertWithApprovalEnabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        Assert.True((await admin.Client.PostAsJsonAsync("/api/v1/workflows/WF-GJLAPW/copy", new { code = "GJL-APPROVAL" })).IsSuccessStatusCode);
        await CreateBatchWithOneJournalLineAsync(admin, "B1");
        var enable = await admin.Client.PostAsync("/api/v1/workflows/GJL-APPROVAL/enable", null);
        Assert.True(enable.IsSuccessStatusCode, await enable.Content.ReadAsStringAsync());

        await CreateLineAsync(admin, "B1", 20000, "Customer", "C20000", 75m, balAccountNo: "8100");

        Assert.Empty((await admin.RecordAsync(Line, "GENERAL/B1/10000")).GetProperty("restrictions").EnumerateArray());
        var restriction = Assert.Single((await admin.RecordAsync(Line, "GENERAL/B1/20000")).GetProperty("restrictions").EnumerateArray());
        Assert.Equal("The restriction was imposed because the line requires approval.", restriction.GetProperty("details").GetString());
        var refused = await PostingRefusalAsync(admin.Client, "B1");
        Assert.StartsWith("You cannot use GEN_JOURNAL_LINE GENERAL/B1/20000 for this action", refused, StringComparison.Ordinal);
        Assert.Empty(await new PostingApi(admin.Client).ListAsync("posted-documents"));
    }

    /// <summary>
    /// RestrictGenJournalLinePostingAfterInsertWithApprovalDisabled: with the line approval workflow copied but not
    /// enabled, new lines are not restricted and the batch posts, each line to its customer's ledger.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RestrictGenJournalLinePostingAfterInsertWithApprovalDisabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        Assert.True((await admin.Client.PostAsJsonAsync("/api/v1/workflows/WF-GJLAPW/copy", new { code = "GJL-APPROVAL" })).IsSuccessStatusCode);
        await CreateBatchWithOneJournalLineAsync(admin, "B1");
        await CreateLineAsync(admin, "B1", 20000, "Customer", "C20000", 75m, balAccountNo: "8100");

        foreach (var lineNo in new[] { 10000, 20000 })
            Assert.Empty((await admin.RecordAsync(Line, $"GENERAL/B1/{lineNo}")).GetProperty("restrictions").EnumerateArray());
        await new PostingApi(admin.Client).PostOkAsync(Batch, "GENERAL/B1");

        Assert.Single(await new PostingApi(admin.Client).LedgerAsync("customer", "accountNo=C10000"));
        Assert.Single(await new PostingApi(admin.Client).LedgerAsync("customer", "accountNo=C20000"));
    }
}
