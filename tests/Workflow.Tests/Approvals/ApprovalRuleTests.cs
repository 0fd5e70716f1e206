using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Approvals;

/// <summary>Business Central's approval rules (catalogue §4.2–4.7), end to end through the API, on both storage providers.</summary>
public sealed class ApprovalRuleTests
{
    private static readonly object ChainOptions = new
    {
        approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = "Purchase", dueDateFormula = "<2D>",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_requester_whose_own_limit_covers_the_amount_approves_it_themselves_and_the_invoice_is_released_at_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR", "CFO");
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("MGR", approver: "CFO", purchaseLimit: 10_000);
        await scenario.SetupAsync("REQ", approver: "MGR", purchaseLimit: 1000);
        await scenario.EnableInvoiceApprovalAsync(ChainOptions);

        var own = await scenario.RequestApprovalAsync("REQ", "PI-S1", 800m);
        Assert.Equal("Released", await scenario.StatusAsync("PI-S1"));
        Assert.Equal(["REQ:Approved"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(own)));
        Assert.Empty(await scenario.InboxAsync("MGR"));
        Assert.Empty(await scenario.InboxAsync("CFO"));

        // Over the requester's limit: their own entry, approved, comes first (sequence 1), then the chain.
        var over = await scenario.RequestApprovalAsync("REQ", "PI-S2", 5000m);
        var entries = (await scenario.RequestAsync(over)).GetProperty("entries");
        Assert.Equal(["REQ:Approved", "MGR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(over)));
        Assert.Equal([1, 2], entries.EnumerateArray().Select(e => e.GetProperty("sequenceNo").GetInt32()));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-S2"));
        await scenario.ActOkAsync("MGR", over, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-S2"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sending_is_refused_with_Business_Centrals_message_when_the_setup_gives_no_approver_and_leaves_no_trace(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR", "CFO", "ANN");
        var requester = new WorkflowApi(scenario.As("REQ"));
        var n = 0;

        async Task RefusedAsync(string workflow, string message, Dictionary<string, string>? extraFields = null)
        {
            var invoice = $"PI-R{++n}";
            var fields = new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "5000" };
            foreach (var (k, v) in extraFields ?? []) fields[k] = v;
            var response = await requester.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice, fields);
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(message, problem.GetProperty("detail").GetString());

            // Nothing of the event is kept: no record, no instance, no entries, nothing pending, no outbox row.
            Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync($"/api/v1/records/PURCHASE_DOCUMENT/{invoice}")).StatusCode);
            Assert.Empty((await scenario.Admin.InstancesAsync($"?recordId={invoice}")).EnumerateArray());
            Assert.Empty((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId={invoice}")).EnumerateArray());
            await using var storage = database.CreateProvider();
            await using var connection = await storage.OpenConnectionAsync();
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM event_outbox"));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM approval_entries"));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM grain_state WHERE payload IS NOT NULL AND grain_key LIKE @Key", new { Key = $"%{invoice}%" }));
            await Admin(scenario).Client.PostAsync($"/api/v1/workflows/{workflow}/disable", null);
        }

        // The requester has no approval user setup.
        await EnableAsync(scenario, "CHAIN", ChainOptions);
        await RefusedAsync("CHAIN", "You must set up an approver for user ID REQ in the Approval User Setup window.");
        await EnableAsync(scenario, "DIRECT", new { approverType = "Approver", approverLimitType = "Direct Approver" });
        await RefusedAsync("DIRECT", "User ID REQ does not exist in the Approval User Setup window.");
        await scenario.GroupAsync("BUYERS", ("ANN", 1));
        await EnableAsync(scenario, "GROUP", new { approverType = "Workflow User Group", workflowUserGroupCode = "BUYERS" });
        await RefusedAsync("GROUP", "User ID REQ does not exist in the Approval User Setup window.");

        // A member of the chain has none.
        await scenario.SetupAsync("REQ", approver: "MGR", purchaseLimit: 100);
        await EnableAsync(scenario, "CHAIN", ChainOptions);
        await RefusedAsync("CHAIN", "You must set up an approver for user ID REQ in the Approval User Setup window.");
        // The group member has none.
        await EnableAsync(scenario, "GROUP", new { approverType = "Workflow User Group", workflowUserGroupCode = "BUYERS" });
        await RefusedAsync("GROUP", "The workflow user group member with user ID ANN does not exist in the Approval User Setup window.");

        // The chain ends before anyone's limit covers the amount.
        await scenario.SetupAsync("MGR", purchaseLimit: 1000);
        await EnableAsync(scenario, "CHAIN", ChainOptions);
        await RefusedAsync("CHAIN", "No qualified approver was found.");

        // Salesperson/Purchaser on a document without a purchaser code, and with one that has no setup.
        await EnableAsync(scenario, "PURCHASER", new { approverType = "Salesperson/Purchaser", approverLimitType = "Direct Approver" });
        await RefusedAsync("PURCHASER", "Salespers./Purch. Code must have a value in PURCHASE_DOCUMENT PI-R7. It cannot be zero or empty.");
        await EnableAsync(scenario, "PURCHASER", new { approverType = "Salesperson/Purchaser", approverLimitType = "Direct Approver" });
        await RefusedAsync("PURCHASER", "The salesperson/purchaser user ID CFO does not exist in the Approval User Setup window for Salespers./Purch. Code CFO.",
            new() { ["Purchaser Code"] = "CFO" });

        // Fixed: the same request goes through, as a new event.
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("MGR", approver: "CFO", purchaseLimit: 1000);
        await EnableAsync(scenario, "CHAIN", ChainOptions);
        var sent = await requester.RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-R1",
            new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "5000" });
        Assert.Empty(sent.GetProperty("errors").EnumerateArray());
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-R1"));
        Assert.Equal(["PI-R1"], await scenario.InboxAsync("MGR"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Salesperson_purchaser_with_a_specific_approver_asks_the_purchaser_then_the_specific_approver(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "BUYER", "SPEC");
        await scenario.SetupAsync("REQ");
        await scenario.SetupAsync("BUYER", purchaseLimit: 100);
        await scenario.SetupAsync("SPEC", purchaseLimit: 100);
        await EnableAsync(scenario, "PURCHASER", new { approverType = "Salesperson/Purchaser", approverLimitType = "Specific Approver", approverUserId = "SPEC" });

        var result = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-P1",
            new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "5000", ["Purchaser Code"] = "BUYER" });
        var request = result.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;

        Assert.Equal(["BUYER:Open", "SPEC:Created"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        await scenario.ActOkAsync("BUYER", request, "approve");
        Assert.Equal(["PI-P1"], await scenario.InboxAsync("SPEC"));
        await scenario.ActOkAsync("SPEC", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-P1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_entry_gets_its_due_date_when_it_is_created(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        var scenario = await ChainOfThreeAsync(server, ChainOptions);

        var request = await scenario.RequestApprovalAsync("REQ", "PI-D1", 20_000m);

        var due = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(2).ToString("yyyy-MM-dd");
        var entries = (await scenario.RequestAsync(request)).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["REQ:Approved", "MGR1:Open", "MGR2:Created", "CFO:Created"], entries.Select(e => $"{e.GetProperty("approverId").GetString()}:{e.GetProperty("status").GetString()}"));
        Assert.All(entries, e => Assert.Equal(due, e.GetProperty("dueDate").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Business_Centrals_reject_branch_rejects_all_notifies_the_sender_reopens_and_loops_back_for_a_resubmission(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainOfThreeAsync(server, null);
        await scenario.Admin.CreateAndEnableAsync("PI-LOOP",
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, ChainOptions),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(6, "RELEASE_DOCUMENT", 5),
            Event(7, "APPROVAL_REQUEST_REJECTED", 4, sequenceNo: 2),
            Response(8, "REJECT_APPROVAL_REQUEST", 7, new { notifySender = "true" }),
            new { id = 9, type = "Response", functionCode = "REOPEN_DOCUMENT", previousStepId = 8, nextStepId = 1, options = new { } },
        ]);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-L1", 20_000m);
        await scenario.ActOkAsync("MGR1", request, "approve");

        var rejected = await scenario.ActOkAsync("MGR2", request, "reject", new { comment = "Too expensive." });

        Assert.Empty(rejected.GetProperty("workflow")[0].GetProperty("errors").EnumerateArray());
        Assert.Equal("Open", await scenario.StatusAsync("PI-L1"));
        // Reject-all closes every entry still standing, approved ones too, as Business Central's response does.
        Assert.Equal(["REQ:Rejected", "MGR1:Rejected", "MGR2:Rejected", "CFO:Rejected"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        var notifications = await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("rejected"));
        var instance = await scenario.Admin.InstanceAsync(request);
        Assert.Equal("Running", instance.GetProperty("status").GetString());
        Assert.Equal("Active", StepStatus(instance, 1));

        // Resubmitted through the loop: the same instance makes new entries, sequence numbers going on.
        var again = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-L1",
            new Dictionary<string, string> { ["Status"] = "Open", ["Amount"] = "20000" });
        Assert.Empty(again.GetProperty("errors").EnumerateArray());
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-L1"));
        var entries = (await scenario.RequestAsync(request)).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["REQ:Approved", "MGR1:Open", "MGR2:Created", "CFO:Created"], entries.Skip(4).Select(e => $"{e.GetProperty("approverId").GetString()}:{e.GetProperty("status").GetString()}"));
        Assert.Equal([5, 6, 7, 8], entries.Skip(4).Select(e => e.GetProperty("sequenceNo").GetInt32()));
        foreach (var approver in new[] { "MGR1", "MGR2", "CFO" })
            await scenario.ActOkAsync(approver, request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-L1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Canceling_cancels_every_entry_approved_ones_included_and_tells_their_approvers(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainOfThreeAsync(server, ChainOptions);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-C1", 20_000m);
        await scenario.ActOkAsync("MGR1", request, "approve");

        await scenario.ActOkAsync("REQ", request, "cancel");

        Assert.Equal(["REQ:Canceled", "MGR1:Canceled", "MGR2:Canceled", "CFO:Canceled"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Open", await scenario.StatusAsync("PI-C1"));
        async Task<int> CanceledNotices(string user) =>
            (await scenario.As(user).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
                .Count(n => n.GetProperty("message").GetString()!.Contains("canceled"));
        Assert.Equal(1, await CanceledNotices("MGR1")); // approved
        Assert.Equal(1, await CanceledNotices("MGR2")); // open
        Assert.Equal(0, await CanceledNotices("CFO")); // never sent to them
        Assert.Equal(0, await CanceledNotices("REQ"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_entry_is_overdue_on_its_due_date_and_the_substitute_holding_it_after_delegation_is_told(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1", "SUB", "MGR2");
        await scenario.SetupAsync("SUB", unlimited: true);
        await scenario.SetupAsync("MGR1", unlimited: true, substitute: "SUB");
        await scenario.SetupAsync("MGR2", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR1");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", dueDateFormula = "<2D>" });
        var delegated = await scenario.RequestApprovalAsync("REQ", "PI-O1", 500m);
        await scenario.ActOkAsync("MGR1", delegated, "delegate");

        // Midnight of the due date: due today is overdue.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        clock.Advance(new DateTimeOffset(today.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await server.RunDueWorkAsync();
        await server.RunDueWorkAsync();

        async Task<int> Overdue(string user) =>
            (await scenario.As(user).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray().Count(n => n.GetProperty("entryType").GetString() == "Overdue");
        Assert.Equal(1, await Overdue("SUB"));
        Assert.Equal(0, await Overdue("MGR1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_entries_of_a_record_are_shown_to_its_sender_its_approvers_and_approval_administrators_only(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1", "MGR2", "CFO", "OTHER", "AUDIT");
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("MGR2", approver: "CFO", purchaseLimit: 5000);
        await scenario.SetupAsync("MGR1", approver: "MGR2", purchaseLimit: 1000);
        await scenario.SetupAsync("REQ", approver: "MGR1", purchaseLimit: 100);
        await scenario.SetupAsync("AUDIT", approvalAdministrator: true);
        await scenario.EnableInvoiceApprovalAsync(ChainOptions);
        await scenario.RequestApprovalAsync("REQ", "PI-V1", 20_000m);

        async Task<int> Seen(string user) =>
            (await scenario.As(user).GetFromJsonAsync<JsonElement>("/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId=PI-V1")).GetArrayLength();
        foreach (var user in new[] { "REQ", "MGR1", "MGR2", "CFO", "AUDIT" })
            Assert.Equal(4, await Seen(user));
        Assert.Equal(0, await Seen("OTHER"));
    }

    private static WorkflowApi Admin(ApprovalScenario scenario) => scenario.Admin;

    private static async Task<ApprovalScenario> ChainOfThreeAsync(WorkflowServerFactory server, object? options)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1", "MGR2", "CFO");
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("MGR2", approver: "CFO", purchaseLimit: 5000);
        await scenario.SetupAsync("MGR1", approver: "MGR2", purchaseLimit: 1000);
        await scenario.SetupAsync("REQ", approver: "MGR1", purchaseLimit: 100);
        if (options is not null)
            await scenario.EnableInvoiceApprovalAsync(options);
        return scenario;
    }

    /// <summary>The invoice approval workflow under <paramref name="code"/>, enabled (a disabled one of that code is replaced).</summary>
    private static async Task EnableAsync(ApprovalScenario scenario, string code, object options)
    {
        if ((await scenario.Admin.Client.GetAsync($"/api/v1/workflows/{code}")).IsSuccessStatusCode)
        {
            var enable = await scenario.Admin.Client.PostAsync($"/api/v1/workflows/{code}/enable", null);
            Assert.True(enable.IsSuccessStatusCode, await enable.Content.ReadAsStringAsync());
            return;
        }
        await scenario.EnableInvoiceApprovalAsync(options, code);
    }
}
