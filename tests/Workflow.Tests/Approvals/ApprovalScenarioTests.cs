using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Approvals;

/// <summary>Approvals as their users live them, end to end through the API, on both storage providers.</summary>
public sealed class ApprovalScenarioTests
{
    private static readonly object ChainOptions = new
    {
        approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = "Purchase", dueDateFormula = "<2D>",
    };

    private static async Task<ApprovalScenario> ChainOfThreeAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1", "MGR2", "CFO", "OTHER");
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("MGR2", approver: "CFO", purchaseLimit: 5000);
        await scenario.SetupAsync("MGR1", approver: "MGR2", purchaseLimit: 1000);
        await scenario.SetupAsync("REQ", approver: "MGR1", purchaseLimit: 100);
        await scenario.EnableInvoiceApprovalAsync(ChainOptions);
        return scenario;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invoice_over_the_requesters_limit_walks_a_chain_of_three_and_is_released_on_the_last_approval(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainOfThreeAsync(server);

        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 20_000m);

        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1"));
        Assert.Equal(["REQ:Approved", "MGR1:Open", "MGR2:Created", "CFO:Created"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal(["PI-1"], await scenario.InboxAsync("MGR1"));
        Assert.Empty(await scenario.InboxAsync("MGR2"));

        // Nobody but the entry's approver (or an approval administrator) answers it, and a refusal changes nothing.
        foreach (var (user, action) in new[] { ("OTHER", "approve"), ("MGR2", "approve"), ("REQ", "approve"), ("OTHER", "reject"), ("OTHER", "cancel"), ("OTHER", "delegate") })
            await ProblemAssert.IsProblemAsync(await scenario.ActAsync(user, request, action), HttpStatusCode.Forbidden);
        Assert.Equal(["REQ:Approved", "MGR1:Open", "MGR2:Created", "CFO:Created"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));

        await scenario.ActOkAsync("MGR1", request, "approve", new { comment = "Fine by me." });
        Assert.Equal(["PI-1"], await scenario.InboxAsync("MGR2"));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1"));
        await scenario.ActOkAsync("MGR2", request, "approve");
        var last = await scenario.ActOkAsync("CFO", request, "approve");

        Assert.Equal("Released", await scenario.StatusAsync("PI-1"));
        Assert.Equal(["REQ:Approved", "MGR1:Approved", "MGR2:Approved", "CFO:Approved"], ApprovalScenario.EntryStatuses(last.GetProperty("request")));
        Assert.Equal("Completed", last.GetProperty("workflow")[0].GetProperty("continuedInstances")[0].GetProperty("status").GetString());
        var entries = await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId=PI-1");
        Assert.All(entries.EnumerateArray(), e => Assert.Equal("Approved", e.GetProperty("status").GetString()));
        var sent = await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/approvals/requests-sent");
        Assert.Equal(4, sent.GetArrayLength());
        Assert.Equal(2, (await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/approvals/requests-sent?status=approved&take=2")).GetArrayLength());
        Assert.Empty((await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/approvals/requests-sent?recordType=SALES_DOCUMENT")).EnumerateArray());
        Assert.Equal("Fine by me.", Assert.Single((await scenario.RequestAsync(request)).GetProperty("comments").EnumerateArray()).GetProperty("text").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rejection_in_the_middle_reopens_the_invoice_and_rejects_the_rest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainOfThreeAsync(server);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-2", 20_000m);

        await scenario.ActOkAsync("MGR1", request, "approve");
        await scenario.ActOkAsync("MGR2", request, "reject", new { comment = "Too expensive." });

        Assert.Equal("Open", await scenario.StatusAsync("PI-2"));
        Assert.Equal(["REQ:Approved", "MGR1:Approved", "MGR2:Rejected", "CFO:Rejected"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Empty(await scenario.InboxAsync("CFO"));
        Assert.Empty((await scenario.Admin.InstancesAsync("?status=Running")).EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_workflow_user_group_of_two_sequences_approves_in_order(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "ANN", "BEN", "CAT");
        foreach (var user in new[] { "REQ", "ANN", "BEN", "CAT" })
            await scenario.SetupAsync(user);
        await scenario.GroupAsync("BUYERS", ("ANN", 1), ("BEN", 1), ("CAT", 2));
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Workflow User Group", workflowUserGroupCode = "BUYERS" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-3", 500m);

        Assert.Equal(["PI-3"], await scenario.InboxAsync("ANN"));
        Assert.Equal(["PI-3"], await scenario.InboxAsync("BEN"));
        Assert.Empty(await scenario.InboxAsync("CAT"));

        await scenario.ActOkAsync("BEN", request, "approve");
        Assert.Empty(await scenario.InboxAsync("CAT")); // ANN, of the same sequence, has not approved yet
        await scenario.ActOkAsync("ANN", request, "approve");
        Assert.Equal(["PI-3"], await scenario.InboxAsync("CAT"));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-3"));
        await scenario.ActOkAsync("CAT", request, "approve");

        Assert.Equal("Released", await scenario.StatusAsync("PI-3"));
    }

    [Theory]
    [InlineData("Any", 1, new[] { "ANN:Approved", "BEN:Canceled", "CAT:Canceled" })]
    [InlineData("Quorum", 2, new[] { "ANN:Approved", "BEN:Approved", "CAT:Canceled" })]
    public async Task Any_one_and_quorum_group_steps_close_as_soon_as_enough_members_approved(string completion, int approvals, string[] expected)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "ANN", "BEN", "CAT");
        foreach (var user in new[] { "REQ", "ANN", "BEN", "CAT" })
            await scenario.SetupAsync(user);
        await scenario.GroupAsync("BOARD", ("ANN", 1), ("BEN", 1), ("CAT", 1));
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Workflow User Group", workflowUserGroupCode = "BOARD", groupCompletion = completion, quorum = "2" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-4", 500m);

        foreach (var member in new[] { "ANN", "BEN" }.Take(approvals))
        {
            Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-4"));
            await scenario.ActOkAsync(member, request, "approve");
        }

        Assert.Equal("Released", await scenario.StatusAsync("PI-4"));
        Assert.Equal(expected, ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Empty(await scenario.InboxAsync("CAT"));
        await ProblemAssert.IsProblemAsync(await scenario.ActAsync("CAT", request, "approve"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Approving_twice_with_the_same_idempotency_key_acts_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainOfThreeAsync(server);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-5", 20_000m);

        var first = await scenario.ActOkAsync("MGR1", request, "approve", new { idempotencyKey = "click-1" });
        var second = await scenario.ActOkAsync("MGR1", request, "approve", new { idempotencyKey = "click-1" });

        Assert.Equal(first.GetProperty("request").GetRawText(), second.GetProperty("request").GetRawText());
        Assert.Equal(["REQ:Approved", "MGR1:Approved", "MGR2:Open", "CFO:Created"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        await ProblemAssert.IsProblemAsync(await scenario.ActAsync("MGR1", request, "approve", new { idempotencyKey = "click-2" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_sender_cancels_and_an_approver_delegates_to_the_substitute()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1", "SUB", "MGR2");
        await scenario.SetupAsync("MGR2", unlimited: true);
        await scenario.SetupAsync("SUB", unlimited: true);
        await scenario.SetupAsync("MGR1", approver: "MGR2", purchaseLimit: 1000, substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "MGR1");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-6", 500m);

        await scenario.ActOkAsync("MGR1", request, "delegate");
        Assert.Equal(["SUB:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal(["PI-6"], await scenario.InboxAsync("SUB"));
        await ProblemAssert.IsProblemAsync(await scenario.ActAsync("MGR1", request, "approve"), HttpStatusCode.Forbidden);

        // Sender and approvers talk on the request; others may not.
        Assert.Equal(HttpStatusCode.OK, (await scenario.As("REQ").PostAsJsonAsync($"/api/v1/approval-requests/{request}/comments", new { text = "Urgent, please." })).StatusCode);
        await ProblemAssert.IsProblemAsync(await scenario.As("MGR2").PostAsJsonAsync($"/api/v1/approval-requests/{request}/comments", new { text = "Me too." }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await scenario.As("MGR2").GetAsync($"/api/v1/approval-requests/{request}"), HttpStatusCode.Forbidden);
        Assert.Equal("Urgent, please.", Assert.Single((await scenario.RequestAsync(request)).GetProperty("comments").EnumerateArray()).GetProperty("text").GetString());

        await ProblemAssert.IsProblemAsync(await scenario.ActAsync("SUB", request, "cancel"), HttpStatusCode.Forbidden);
        await scenario.ActOkAsync("REQ", request, "cancel");
        Assert.Equal(["SUB:Canceled"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Open", await scenario.StatusAsync("PI-6"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_request_waiting_long_enough_to_be_packed_in_memory_is_approved_and_released_as_usual(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long packed = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Workflow.Grains" && instrument.Name == "workflow.grains.states_packed")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref packed, value));
        listener.Start();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory,
            // Longer than the set-up's pause between two calls of one grain even on a loaded machine: a grain packed between
            // sending and the read below would pack twice.
            configureServices: services => services.AddSingleton(new Workflow.Engine.Hosting.GrainOptions { StateCompactionAge = TimeSpan.FromSeconds(2) }));
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1");
        await scenario.SetupAsync("MGR1", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR1");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-P", 500m);
        var before = await scenario.RequestAsync(request);

        // Idle past the compaction age: the record, instance and request activations pack their state.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Interlocked.Read(ref packed) < 3 && waited.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(100);
        Assert.True(Interlocked.Read(ref packed) >= 3, $"record, instance and request grains should be packed, {packed} were");
        // Once: a packed grain stays packed while nobody calls it.
        var settled = Interlocked.Read(ref packed);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(settled, Interlocked.Read(ref packed));

        Assert.Equal(before.GetRawText(), (await scenario.RequestAsync(request)).GetRawText());
        await scenario.ActOkAsync("MGR1", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-P"));
        var instance = await scenario.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{request}");
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_request_whose_grains_were_collected_while_waiting_is_approved_and_released_as_usual(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1");
        await scenario.SetupAsync("MGR1", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR1");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-P", 500m);
        var before = await scenario.RequestAsync(request);

        // Idle for hours while the approver is away: Orleans collects the record, instance and request activations.
        var management = server.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<Orleans.Runtime.IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(before.GetRawText(), (await scenario.RequestAsync(request)).GetRawText());
        await scenario.ActOkAsync("MGR1", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-P"));
        var instance = await scenario.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{request}");
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unanswered_entry_goes_to_the_substitute_once_the_delegate_after_time_has_passed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR1", "SUB");
        await scenario.SetupAsync("SUB", unlimited: true);
        await scenario.SetupAsync("MGR1", unlimited: true, substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "MGR1");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", delegateAfter = "2 days" });
        var request = await scenario.RequestApprovalAsync("REQ", "PI-7", 500m);

        clock.Advance(TimeSpan.FromDays(1));
        await server.RunDueWorkAsync();
        Assert.Equal(["MGR1:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await server.RunDueWorkAsync();
        await server.RunDueWorkAsync();

        Assert.Equal(["SUB:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal(["PI-7"], await scenario.InboxAsync("SUB"));
        Assert.Empty(await scenario.InboxAsync("MGR1"));
        await scenario.ActOkAsync("SUB", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-7"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_overdue_entry_raises_its_notification_once_across_a_host_restart(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        string request;
        await using (var before = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock))
        {
            var scenario = await ApprovalScenario.StartAsync(before, "REQ", "MGR1");
            await scenario.SetupAsync("MGR1", unlimited: true);
            await scenario.SetupAsync("REQ", approver: "MGR1");
            await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", dueDateFormula = "<1D>" });
            request = await scenario.RequestApprovalAsync("REQ", "PI-8", 500m);
            await before.RunDueWorkAsync();
        }

        clock.Advance(TimeSpan.FromDays(3));
        await using (var after = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock))
        {
            await after.RunDueWorkAsync();
            await after.RunDueWorkAsync();
        }
        await using var again = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        await again.RunDueWorkAsync();

        var tokens = await again.AdminClient().PostAsJsonAsync("/api/v1/users/MGR1/tokens", new { name = "check" });
        var mgr1 = again.ClientWithToken((await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        var notifications = await mgr1.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Single(notifications.EnumerateArray(), n => n.GetProperty("entryType").GetString() == "Overdue");
        var inbox = await mgr1.GetFromJsonAsync<JsonElement>("/api/v1/approvals/requests-to-approve");
        Assert.True(Assert.Single(inbox.EnumerateArray()).GetProperty("overdue").GetBoolean());
        Assert.Equal(request, inbox[0].GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task The_purchase_invoice_template_copied_to_a_workflow_routes_and_releases_an_invoice()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableTemplateAsync("WF-PIAPW", "MY-PIW");

        // WF-PIAPW sends the invoice to its purchaser (Salesperson/Purchaser, Direct Approver).
        var request = await scenario.RequestApprovalAsync("REQ", "PI-T1", 8000m, purchaser: "MGR");
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-T1"));
        Assert.Equal(["PI-T1"], await scenario.InboxAsync("MGR"));
        await scenario.ActOkAsync("MGR", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-T1"));
    }
}
