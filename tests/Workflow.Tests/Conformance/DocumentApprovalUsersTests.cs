using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134202 "Document Approval - Users": approving and canceling document approvals for
/// every purchase and sales document type, who may approve, reject and delegate, and who sees an entry. Each row of a
/// per-document-type theory is the purchase and the sales procedure of that type.
/// </summary>
public sealed class DocumentApprovalUsersTests
{
    /// <summary>
    /// ApproveRequestForPurch{Type} and ApproveRequestForSales{Type}: the purchaser's or salesperson's user approves the
    /// request; the entry is Approved and the document Released.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApproveRequestForDocument(string provider, string documentType)
    {
        await ForPurchaseAndSalesAsync(provider, documentType, async (scenario, recordType) =>
        {
            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));

            await scenario.ActOkAsync("APPR", request, "approve");

            Assert.Equal(["APPR:Approved"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "D-1"));
        });
    }

    /// <summary>
    /// CancelRequestByRequestorForPurch{Type} and CancelRequestByRequestorForSales{Type}: the requester cancels the
    /// approval from the document; the entry is Canceled and the document Open again.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task CancelRequestByRequestorForDocument(string provider, string documentType)
    {
        await ForPurchaseAndSalesAsync(provider, documentType, async (scenario, recordType) =>
        {
            await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");

            await scenario.CancelDocumentApprovalAsync("REQ", recordType, "D-1");

            Assert.Equal(["APPR:Canceled"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Empty(await scenario.InboxAsync("APPR"));
        });
    }

    /// <summary>
    /// RequestApprovalForPurch{Type} and RequestApprovalForSales{Type} (no sales blanket order procedure): sending the
    /// document makes an Open entry for the purchaser's or salesperson's user and sets the document Pending Approval.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task RequestApprovalForDocument(string provider, string documentType)
    {
        await ForPurchaseAndSalesAsync(provider, documentType, async (scenario, recordType) =>
        {

            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");

            Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["D-1"], await scenario.InboxAsync("APPR"));
            Assert.Empty(await scenario.InboxAsync("REQ"));
            // Closed so the next record type's request is the only one in the approver's inbox.
            await scenario.ActOkAsync("APPR", request, "approve");
        });
    }

    /// <summary>
    /// RejectRequestForPurch{Type} and RejectRequestForSales{Type}: the approver rejects the open request; the entry is
    /// Rejected and the document Open again.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task RejectRequestForDocument(string provider, string documentType)
    {
        await ForPurchaseAndSalesAsync(provider, documentType, async (scenario, recordType) =>
        {
            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");

            await scenario.ActOkAsync("APPR", request, "reject");

            Assert.Equal(["APPR:Rejected"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Empty(await scenario.InboxAsync("APPR"));
        });
    }

    /// <summary>
    /// DelegateRequestForPurch{Type} and DelegateRequestForSales{Type}: the approver delegates the open entry; it goes
    /// to their substitute, still Open, and the document stays Pending Approval.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task DelegateRequestForDocument(string provider, string documentType)
    {
        await ForPurchaseAndSalesAsync(provider, documentType, substitute: "SUB", body: async (scenario, recordType) =>
        {
            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");

            await scenario.ActOkAsync("APPR", request, "delegate");

            Assert.Equal(["SUB:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["D-1"], await scenario.InboxAsync("SUB"));
            Assert.Empty(await scenario.InboxAsync("APPR"));
            // Closed so the next record type's request is the only one in the substitute's inbox.
            await scenario.ActOkAsync("SUB", request, "reject");
        });
    }

    /// <summary>
    /// DoubleRequestApprovalForPurch{Type} and DoubleRequestApprovalForSales{Type}: sending a document that is already
    /// Pending Approval again starts nothing; the document stays Pending Approval with its one open entry. Business
    /// Central's document send passes silently here (its entry condition Status = Open fails); the engine answers as
    /// Business Central's journal batch send does, "An approval request already exists.", so the caller knows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task DoubleRequestApprovalForDocument(string provider, string documentType)
    {
        await ForPurchaseAndSalesAsync(provider, documentType, async (scenario, recordType) =>
        {
            await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));

            var again = await scenario.SendDocumentAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR", status: "Pending Approval");
            Assert.StartsWith(ApprovalRequestAlreadyExists, await RefusalAsync(again, HttpStatusCode.Conflict));

            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            Assert.Single((await scenario.Admin.InstancesAsync($"?recordType={recordType}&recordId=D-1")).EnumerateArray());
        });
    }

    private static async Task<(WorkflowServerFactory Server, ApprovalScenario Scenario, string Request)> OneOpenEntryAsync(TestDatabase database, params string[] others)
    {
        var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, ["REQ", "APPR", "SUB", .. others]);
        await scenario.SetupAsync("SUB", unlimited: true);
        await scenario.SetupAsync("APPR", unlimited: true, substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" });
        return (server, scenario, await scenario.RequestApprovalAsync("REQ", "PI-1", 500m));
    }

    /// <summary>
    /// PreventApproveApprovalEntries, PreventRejectApprovalEntries, PreventApproveApprovalEntriesWithoutUserSetup,
    /// PreventRejectApprovalEntriesWithoutUserSetup: a user who is not the entry's approver and not an approval
    /// administrator (with or without a user setup) cannot approve or reject it; the entry stays Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PreventApproveAndRejectApprovalEntries(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await OneOpenEntryAsync(database, "OTHER", "NOSETUP");
        await using var _ = server;
        await scenario.SetupAsync("OTHER");

        foreach (var user in new[] { "OTHER", "NOSETUP" })
            foreach (var action in new[] { "approve", "reject" })
                await ProblemAssert.IsProblemAsync(await scenario.ActAsync(user, request, action), HttpStatusCode.Forbidden);

        Assert.Equal(["APPR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1"));
    }

    /// <summary>
    /// PreventDelegateApprovalEntries, PreventDelegateApprovalEntriesWithoutUserSetup: neither approver, sender nor
    /// approval administrator, with or without a user setup, is refused with "You do not have permission to delegate
    /// one or more of the selected approval requests."
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PreventDelegateApprovalEntries(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await OneOpenEntryAsync(database, "OTHER", "NOSETUP");
        await using var _ = server;
        await scenario.SetupAsync("OTHER");

        foreach (var user in new[] { "OTHER", "NOSETUP" })
            await ProblemAssert.IsRefusalAsync(await scenario.ActAsync(user, request, "delegate"),
                "You do not have permission to delegate one or more of the selected approval requests.");

        Assert.Equal(["APPR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
    }

    /// <summary>DelegateApprovalEntries: the sender, not an approval administrator, delegates; the entry goes to the approver's substitute.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DelegateApprovalEntries(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await OneOpenEntryAsync(database);
        await using var _ = server;

        await scenario.ActOkAsync("REQ", request, "delegate", new { entryNo = 1 });

        Assert.Equal(["SUB:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal(["PI-1"], await scenario.InboxAsync("SUB"));
        Assert.Empty(await scenario.InboxAsync("APPR"));
    }

    /// <summary>
    /// ShowApprovalEntryForApproverAndSender: a user sees the approval entries where they are the approver or the
    /// sender, and not the others.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ShowApprovalEntryForApproverAndSender(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await OneOpenEntryAsync(database, "OTHER");
        await using var _ = server;
        await scenario.SetupAsync("OTHER");

        foreach (var user in new[] { "REQ", "APPR" })
        {
            var entries = await scenario.As(user).GetFromJsonAsync<JsonElement>("/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId=PI-1");
            Assert.Equal("APPR", Assert.Single(entries.EnumerateArray()).GetProperty("approverId").GetString());
            Assert.Equal(HttpStatusCode.OK, (await scenario.As(user).GetAsync($"/api/v1/approval-requests/{request}")).StatusCode);
        }

        var hidden = await scenario.As("OTHER").GetAsync("/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId=PI-1");
        if (hidden.StatusCode == HttpStatusCode.OK)
            Assert.Empty((await hidden.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        else
            await ProblemAssert.IsProblemAsync(hidden, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await scenario.As("OTHER").GetAsync($"/api/v1/approval-requests/{request}"), HttpStatusCode.Forbidden);
        Assert.Empty(await scenario.InboxAsync("OTHER"));
    }

    /// <summary>
    /// ApprovalAdministratorApproveApprovalEntry, ApprovalAdministratorRejectApprovalEntry,
    /// ApprovalAdministratorDelegateApprovalEntry: an approval administrator who is neither approver nor sender approves
    /// (Approved), rejects (Rejected) or delegates (the entry goes to the approver's substitute) the entry.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, "approve", "APPR:Approved")]
    [InlineData(TestDatabase.Sqlite, "reject", "APPR:Rejected")]
    [InlineData(TestDatabase.Sqlite, "delegate", "SUB:Open")]
    [InlineData(TestDatabase.Postgres, "approve", "APPR:Approved")]
    [InlineData(TestDatabase.Postgres, "reject", "APPR:Rejected")]
    [InlineData(TestDatabase.Postgres, "delegate", "SUB:Open")]
    public async Task ApprovalAdministratorActsOnApprovalEntry(string provider, string action, string entry)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await OneOpenEntryAsync(database, "ADM");
        await using var _ = server;
        await scenario.SetupAsync("ADM", approvalAdministrator: true);

        // The administrator names the entry, as Business Central's selection of entries does.
        await scenario.ActOkAsync("ADM", request, action, new { entryNo = 1 });

        Assert.Equal([entry], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
    }

    /// <summary>
    /// FilterApprovalEntriesWhenUserisSenderOrApprover, FilterApprovalEntriesWhenUserisApprovalAdministrator,
    /// ShowApprovalEntryForApprovalAdministrator: of three entries (U approves A's; B's goes to C; U's goes to C) U sees
    /// the two where U is approver or sender; an approval administrator sees all three.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FilterApprovalEntriesForSenderApproverAndAdministrator(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "U", "A", "B", "C", "ADM");
        await scenario.SetupAsync("C", unlimited: true);
        await scenario.SetupAsync("U", approver: "C", unlimited: true);
        await scenario.SetupAsync("A", approver: "U");
        await scenario.SetupAsync("B", approver: "C");
        await scenario.SetupAsync("ADM", approvalAdministrator: true);
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" });
        await scenario.RequestApprovalAsync("A", "PI-1", 500m);
        await scenario.RequestApprovalAsync("B", "PI-2", 500m);
        await scenario.RequestApprovalAsync("U", "PI-3", 500m);

        async Task<string[]> SeenBy(string user) =>
            [.. (await Task.WhenAll(new[] { "PI-1", "PI-2", "PI-3" }.Select(async invoice =>
                (Invoice: invoice, Entries: (await scenario.As(user).GetFromJsonAsync<JsonElement>($"/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId={invoice}")).GetArrayLength()))))
                .Where(seen => seen.Entries > 0).Select(seen => seen.Invoice)];

        Assert.Equal(["PI-1", "PI-3"], await SeenBy("U"));
        Assert.Equal(["PI-1", "PI-2", "PI-3"], await SeenBy("ADM"));
    }

    /// <summary>
    /// UserDefinedAsSelfApprover, UserDefinedAsSelfSubstitute: a user cannot be their own approver or substitute; the
    /// setup is refused naming the field, and nothing changes.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, "approverId")]
    [InlineData(TestDatabase.Sqlite, "substituteId")]
    [InlineData(TestDatabase.Postgres, "approverId")]
    [InlineData(TestDatabase.Postgres, "substituteId")]
    public async Task UserDefinedAsSelfApproverOrSubstitute(string provider, string field)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "U");
        await scenario.SetupAsync("U");
        var setup = new ApprovalSetupApi(scenario.Admin.Client);
        var before = await setup.SnapshotAsync();

        await ApprovalSetupApi.RefusedAsync(await setup.PutSetupAsync("U", new Dictionary<string, string> { [field] = "U" }), field, "own");

        Assert.Equal(before, await setup.SnapshotAsync());
    }

    /// <summary>UserSetupMatchExistingUser: an approval user setup can only be made for a user that exists.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UserSetupMatchExistingUser(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "U");
        var setup = new ApprovalSetupApi(scenario.Admin.Client);
        var before = await setup.SnapshotAsync();

        await ApprovalSetupApi.RefusedAsync(await setup.PutSetupAsync("NOBODY", new { }), "userId", "does not exist");

        Assert.Equal(before, await setup.SnapshotAsync());
    }

    /// <summary>
    /// PurchAmountApprovalLimitWithUnlimitedAmount, SalesAmountApprovalLimitWithUnlimitedAmount,
    /// RequestAmountApprovalLimitWithUnlimitedAmount: a user with a limit made unlimited has the limit 0.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, "purchase")]
    [InlineData(TestDatabase.Sqlite, "sales")]
    [InlineData(TestDatabase.Sqlite, "request")]
    [InlineData(TestDatabase.Postgres, "purchase")]
    [InlineData(TestDatabase.Postgres, "sales")]
    [InlineData(TestDatabase.Postgres, "request")]
    public async Task AmountApprovalLimitWithUnlimitedAmount(string provider, string kind)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "U");
        var setup = new ApprovalSetupApi(scenario.Admin.Client);
        var limit = $"{kind}AmountApprovalLimit";
        var unlimited = $"unlimited{char.ToUpperInvariant(kind[0])}{kind[1..]}Approval";
        Assert.True((await setup.PutSetupAsync("U", new Dictionary<string, object> { [limit] = 50m })).IsSuccessStatusCode);
        Assert.Equal(50m, (await setup.GetOkAsync("/api/v1/approval-user-setup/U")).GetProperty(limit).GetDecimal());

        var response = await setup.PutSetupAsync("U", new Dictionary<string, object> { [unlimited] = true });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var stored = await setup.GetOkAsync("/api/v1/approval-user-setup/U");
        Assert.True(stored.GetProperty(unlimited).GetBoolean());
        Assert.Equal(0m, stored.GetProperty(limit).GetDecimal());
    }

    /// <summary>
    /// MultipleUsersApproveSequence: the requester and three approvers up the chain each have a limit below the amount,
    /// the fourth is unlimited; the approver chain makes one entry for the requester and one per approver (five).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MultipleUsersApproveSequence(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "A1", "A2", "A3", "A4");
        await scenario.SetupAsync("A4", unlimited: true);
        await scenario.SetupAsync("A3", approver: "A4", purchaseLimit: 300m);
        await scenario.SetupAsync("A2", approver: "A3", purchaseLimit: 200m);
        await scenario.SetupAsync("A1", approver: "A2", purchaseLimit: 100m);
        await scenario.SetupAsync("REQ", approver: "A1", purchaseLimit: 50m);
        await scenario.EnableDocumentApprovalAsync(Purchase, "Order", new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = "Purchase" });

        await scenario.SendDocumentOkAsync("REQ", Purchase, "Order", "PO-1", 651m);

        var entries = await scenario.RecordEntriesAsync(Purchase, "PO-1");
        Assert.Equal(["REQ", "A1", "A2", "A3", "A4"], entries.Select(e => e.Split(':')[0]));
        Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, Purchase, "PO-1"));
    }

    /// <summary>
    /// PurchOrderReleasedStatusAfterRequestApproval, SalesOrderReleasedStatusAfterRequestApproval: a requester with
    /// unlimited approval sends an order through the approver chain; their own entry approves it at once and the order
    /// is Released.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task OrderReleasedStatusAfterRequestApproval(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        await scenario.SetupAsync("REQ", unlimited: true, unlimitedSales: true);
        await scenario.EnableDocumentApprovalAsync(recordType, "Order", new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = LimitFor(recordType) });

        await scenario.SendDocumentOkAsync("REQ", recordType, "Order", "O-1", 500m, approverCode: "REQ");

        Assert.Equal(["REQ:Approved"], await scenario.RecordEntriesAsync(recordType, "O-1"));
        Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "O-1"));
    }

    /// <summary>
    /// PurchaseOrderApprovalsAfterReopen, SalesOrderApprovalsAfterReopen: an order the purchaser's or salesperson's
    /// user could approve only half of goes on to their approver and is Released once approved; sent again Open (the
    /// client reopened it) after their limit was raised to twice the amount, it is Released at once.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task OrderApprovalsAfterReopen(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR", unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync("REQ", approver: "APPR", purchaseLimit: 250m, salesLimit: 250m);
        await EnableSalespersonPurchaserChainAsync(scenario, recordType, "Order");
        var first = await scenario.SendDocumentOkAsync("REQ", recordType, "Order", "O-1", 500m, approverCode: "REQ");
        await scenario.ActOkAsync("APPR", first, "approve");
        Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "O-1"));

        await scenario.SetupAsync("REQ", approver: "APPR", purchaseLimit: 1000m, salesLimit: 1000m);
        await scenario.SendDocumentOkAsync("REQ", recordType, "Order", "O-1", 500m, approverCode: "REQ");

        Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "O-1"));
        Assert.Equal(["REQ:Approved", "APPR:Approved", "REQ:Approved"], await scenario.RecordEntriesAsync(recordType, "O-1"));
    }

    /// <summary>
    /// BC's per-document-type procedures, run for purchase then sales in one tenant: REQ sends, APPR (unlimited, with an
    /// optional substitute) is the purchaser or salesperson of BC's document approval workflow for the type.
    /// </summary>
    private static async Task ForPurchaseAndSalesAsync(string provider, string documentType, Func<ApprovalScenario, string, Task> body, string? substitute = null)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, substitute is null ? ["REQ", "APPR"] : ["REQ", "APPR", substitute]);
        if (substitute is not null)
            await scenario.SetupAsync(substitute);
        await SetupDocumentApprovalsAsync(scenario, unlimited: true, substitute: substitute);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            await body(scenario, recordType);
        }
    }
}
