using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Abstractions;
using Workflow.Engine.Live;
using Workflow.Engine.Notifications;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Live;

/// <summary>The live hub as an approver's and a requester's dashboards use it, through the real server.</summary>
public sealed class LiveHubTests
{
    private static readonly object DirectApprover = new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" };

    /// <summary>REQ sends purchase invoices to MGR, who approves without limit.</summary>
    internal static async Task<ApprovalScenario> InvoiceApprovalAsync(WorkflowServerFactory server, HttpClient? administrator = null, params string[] moreRequesters)
    {
        var scenario = await ApprovalScenario.StartAsync(server, administrator ?? server.AdminClient(), ["REQ", "MGR", .. moreRequesters]);
        await scenario.SetupAsync("MGR", unlimited: true);
        foreach (var requester in moreRequesters.Prepend("REQ"))
            await scenario.SetupAsync(requester, approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(DirectApprover);
        return scenario;
    }

    internal static string Type(JsonElement message) => message.GetProperty("type").GetString()!;

    internal static string? Text(JsonElement message, string property) =>
        message.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_approver_is_pushed_the_new_entry_and_the_requester_sees_it_approved_and_released(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await InvoiceApprovalAsync(server);
        // The approver's browser passes its token in the query, as WebSockets from a browser must.
        await using var approver = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(scenario.As("MGR")), inQuery: true);
        await using var requester = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(scenario.As("REQ")));

        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 8000m);

        var created = await approver.NextAsync("ApprovalEntryCreated");
        Assert.Equal(("MGR", "PURCHASE_DOCUMENT", "PI-1", request, "MGR", "REQ", "Open", "default"),
            (Text(created, "userId"), Text(created, "recordType"), Text(created, "recordId"), Text(created, "requestId"), Text(created, "approverId"),
                Text(created, "senderId"), Text(created, "status"), Text(created, "tenantId")));
        Assert.Contains("REQ asks you to approve PURCHASE_DOCUMENT PI-1 (8000)", Text(created, "text"));
        Assert.True(created.GetProperty("sequence").GetInt64() > 0);
        Assert.Equal("PI-APPROVAL", Text(created, "workflowCode"));
        var entryNo = created.GetProperty("entryNo").GetInt32();
        Assert.Equal("Pending Approval", Text(await requester.NextAsync("RecordStatusChanged"), "status"));

        await scenario.ActOkAsync("MGR", request, "approve", new { comment = "OK" });

        var approved = await requester.NextAsync(m => Type(m) == "ApprovalEntryChanged" && Text(m, "status") == "Approved" && m.GetProperty("entryNo").GetInt32() == entryNo);
        Assert.Equal(("REQ", "MGR", request), (Text(approved, "userId"), Text(approved, "approverId"), Text(approved, "requestId")));
        var released = await requester.NextAsync("RecordStatusChanged", "Released");
        Assert.Equal(("REQ", "PI-1"), (Text(released, "userId"), Text(released, "recordId")));
        // The approver's own dashboard hears of the answer too.
        Assert.Equal(request, Text(await approver.NextAsync("ApprovalEntryChanged", "Approved"), "requestId"));

        // What was pushed is the stored feed, in sequence order, the same over the hub and over HTTP.
        var pushed = requester.Received.Select(m => m.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(pushed.Order(), pushed);
        var stored = (await requester.GetMissedAsync(0)).Select(m => m.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(1, stored.Length).Select(i => (long)i), stored);
        Assert.Subset(stored.ToHashSet(), pushed.ToHashSet());
        var overHttp = await scenario.As("REQ").GetFromJsonAsync<JsonElement>($"/api/v1/feed?after={stored[1]}&take=2");
        Assert.Equal(stored.Skip(2).Take(2), overHttp.EnumerateArray().Select(m => m.GetProperty("sequence").GetInt64()));
        var refused = await scenario.As("REQ").GetAsync("/api/v1/feed?after=-1");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("after", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_users_and_another_tenants_clients_get_nothing_of_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var ours = await InvoiceApprovalAsync(server, null, "OTHER");
        // The other tenant has users of the same names.
        var theirs = await InvoiceApprovalAsync(server, await server.CreateTenantAsync("contoso"));
        await using var ourApprover = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(ours.As("MGR")));
        await using var other = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(ours.As("OTHER")));
        await using var theirApprover = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(theirs.As("MGR")), inQuery: true);

        var request = await ours.RequestApprovalAsync("REQ", "PI-1", 500m);
        Assert.Equal(request, Text(await ourApprover.NextAsync("ApprovalEntryCreated"), "requestId"));
        await ours.ActOkAsync("MGR", request, "approve");
        await ourApprover.NextAsync("ApprovalEntryChanged", "Approved");

        // Each then gets something of their own, which arrives after anything of ours would have.
        var theirRequest = await theirs.RequestApprovalAsync("REQ", "PI-77", 700m);
        Assert.Equal(theirRequest, Text(await theirApprover.NextAsync("ApprovalEntryCreated"), "requestId"));
        await ours.RequestApprovalAsync("OTHER", "PI-2", 300m);
        await other.NextAsync("RecordStatusChanged", "Pending Approval");

        Assert.All(theirApprover.Received, m => Assert.Equal(("contoso", "MGR", "PI-77"), (Text(m, "tenantId"), Text(m, "userId"), Text(m, "recordId"))));
        Assert.All(other.Received, m => Assert.Equal(("default", "OTHER", "PI-2"), (Text(m, "tenantId"), Text(m, "userId"), Text(m, "recordId"))));
        Assert.All(await theirApprover.GetMissedAsync(0), m => Assert.Equal(("contoso", "PI-77"), (Text(m, "tenantId"), Text(m, "recordId"))));
        Assert.All(await other.GetMissedAsync(0), m => Assert.Equal(("OTHER", "PI-2"), (Text(m, "userId"), Text(m, "recordId"))));
        Assert.DoesNotContain(await ourApprover.GetMissedAsync(0), m => Text(m, "recordId") is "PI-77");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_client_that_reconnects_receives_what_it_missed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await InvoiceApprovalAsync(server);
        var token = LiveClient.TokenOf(scenario.As("REQ"));
        long last;
        string request;
        await using (var before = await LiveClient.ConnectAsync(server, token))
        {
            request = await scenario.RequestApprovalAsync("REQ", "PI-1", 8000m);
            last = (await before.NextAsync("RecordStatusChanged", "Pending Approval")).GetProperty("sequence").GetInt64();
        }

        // The connection dropped; meanwhile the invoice is approved and released.
        await scenario.ActOkAsync("MGR", request, "approve");

        await using var after = await LiveClient.ConnectAsync(server, token);
        var missed = await after.GetMissedAsync(last);
        Assert.Equal(Enumerable.Range(1, missed.Length).Select(i => last + i), missed.Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Contains(missed, m => Type(m) == "ApprovalEntryChanged" && Text(m, "status") == "Approved" && Text(m, "approverId") == "MGR");
        Assert.Equal("Released", Text(missed.Last(m => Type(m) == "RecordStatusChanged"), "status"));
        Assert.Empty(await after.GetMissedAsync(missed[^1].GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task An_unauthenticated_connection_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        server.CreateClient();

        foreach (var (token, inQuery) in new[] { ((string?)null, false), ("wf_not-a-token", false), ("wf_not-a-token", true) })
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(server, token, inQuery));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        // The query token is the hub's only: the API still wants the header.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync($"/api/v1/feed?access_token={WorkflowServerFactory.AdminToken}")).StatusCode);
    }

    [Fact]
    public async Task Only_administrators_watch_instances_and_they_see_only_their_own_tenants_steps()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var ours = await InvoiceApprovalAsync(server);
        var contosoAdmin = await server.CreateTenantAsync("contoso");
        var theirs = await InvoiceApprovalAsync(server, contosoAdmin);
        await using var requester = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(ours.As("REQ")));
        await using var administrator = await LiveClient.ConnectAsync(server, WorkflowServerFactory.AdminToken);
        await using var theirAdministrator = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(contosoAdmin));

        foreach (var method in new[] { "WatchTenant", "WatchWorkflow", "WatchRecord" })
        {
            object[] arguments = method switch { "WatchWorkflow" => ["PI-APPROVAL"], "WatchRecord" => ["PURCHASE_DOCUMENT", "PI-1"], _ => [] };
            var refused = await Assert.ThrowsAsync<HubException>(() => requester.Connection.InvokeCoreAsync(method, arguments));
            Assert.Contains("administrators", refused.Message);
        }
        await administrator.Connection.InvokeAsync("WatchWorkflow", "PI-APPROVAL");
        await administrator.Connection.InvokeAsync("WatchRecord", "purchase_document", "PI-1");
        await theirAdministrator.Connection.InvokeAsync("WatchTenant");

        var request = await ours.RequestApprovalAsync("REQ", "PI-1", 8000m);
        var started = await administrator.NextProgressAsync(p => p.GetProperty("functionCode").GetString() == "SEND_APPROVAL_REQUEST");
        Assert.Equal(("default", request, "PI-APPROVAL", "PURCHASE_DOCUMENT", "PI-1", "Running"),
            (Text(started, "tenantId"), Text(started, "instanceId"), Text(started, "workflowCode"), Text(started, "recordType"), Text(started, "recordId"), Text(started, "status")));
        await ours.ActOkAsync("MGR", request, "approve");
        var completed = await administrator.NextProgressAsync(p => p.GetProperty("functionCode").GetString() == "RELEASE_DOCUMENT");
        Assert.Equal("Completed", Text(completed, "status"));

        // Watching the workflow and the record, the administrator hears of each step once.
        await administrator.Connection.InvokeAsync("UnwatchWorkflow", "PI-APPROVAL");
        await administrator.Connection.InvokeAsync("UnwatchRecord", "PURCHASE_DOCUMENT", "PI-1");

        // The other tenant's administrator watches their whole tenant: the first step they hear of is their own.
        var theirRequest = await theirs.RequestApprovalAsync("REQ", "PI-1", 100m);
        var theirStep = await theirAdministrator.NextProgressAsync(_ => true);
        Assert.Equal(("contoso", theirRequest), (Text(theirStep, "tenantId"), Text(theirStep, "instanceId")));
    }

    [Fact]
    public async Task A_change_through_one_silo_reaches_the_clients_on_both_silos_of_the_cluster()
    {
        // Two servers on one PostgreSQL database: two silos of one cluster, as two server processes would be.
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var first = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await InvoiceApprovalAsync(first);
        await using var second = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        second.CreateClient();
        // Each server registers its hub before it serves, and again every two seconds: a registration made while the
        // second silo was joining may have gone to an activation the directory then dropped, so both see both within seconds.
        foreach (var server in new[] { first, second })
        {
            var hubs = server.Services.GetRequiredService<LiveHubs>();
            for (var polls = 0; polls < 50 && (await hubs.CurrentAsync()).Count < 2; polls++)
                await Task.Delay(200);
            Assert.Equal(2, (await hubs.CurrentAsync()).Count);
        }

        // The requester has a dashboard open on each node; whichever silo their feed grain lives on, one of the two
        // pushes crosses silos. The approver is connected only to the node that takes none of the calls.
        var token = LiveClient.TokenOf(scenario.As("REQ"));
        await using var onFirst = await LiveClient.ConnectAsync(first, token);
        await using var onSecond = await LiveClient.ConnectAsync(second, token);
        await using var approver = await LiveClient.ConnectAsync(second, LiveClient.TokenOf(scenario.As("MGR")));

        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 8000m);
        Assert.Equal(request, Text(await approver.NextAsync("ApprovalEntryCreated"), "requestId"));
        await scenario.ActOkAsync("MGR", request, "approve");

        var sequences = new List<long>();
        foreach (var client in new[] { onFirst, onSecond })
        {
            var released = await client.NextAsync("RecordStatusChanged", "Released");
            Assert.Equal(("REQ", "PI-1"), (Text(released, "userId"), Text(released, "recordId")));
            sequences.Add(released.GetProperty("sequence").GetInt64());
        }
        // Both nodes pushed the same stored message.
        Assert.Single(sequences.Distinct());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_live_push_notification_reaches_the_recipients_dashboard_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await InvoiceApprovalAsync(server);
        await using var approver = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(scenario.As("MGR")));
        var channel = server.Services.GetServices<INotificationChannel>().Single(c => c.Method == NotificationMethod.LivePush);
        var entry = new NotificationEntry("n-1", "MGR", NotificationEntryType.Approval, "PURCHASE_DOCUMENT", "PI-1", "instance-1",
            "REQ asks you to approve PURCHASE_DOCUMENT PI-1.", SendNow: true, "REQ", DateTimeOffset.UtcNow);
        var delivery = new NotificationDelivery("delivery-1", "default", "MGR", null, NotificationEntryType.Approval, "Approval", "Please approve PI-1.", [entry]);

        await channel.DeliverAsync(delivery, CancellationToken.None);
        await channel.DeliverAsync(delivery, CancellationToken.None);

        var pushed = await approver.NextAsync("Notification");
        Assert.Equal(("MGR", "Approval", "Please approve PI-1.", "PI-1"), (Text(pushed, "userId"), Text(pushed, "title"), Text(pushed, "text"), Text(pushed, "recordId")));
        Assert.Single(await approver.GetMissedAsync(0), m => Type(m) == "Notification");
    }
}
