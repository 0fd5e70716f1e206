using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workflow.Tests.Dashboard;

/// <summary>
/// The dashboard in real Chromium against the real server: a requester and an approver, each in their own browser
/// context, see an invoice's approval move without reloading the page. Screenshots of each page go to
/// <see cref="BrowserSession.ArtifactsDirectory"/>.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly object ApproverChain = new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = "Purchase" };

    [Fact]
    public async Task The_approver_sees_a_new_request_within_a_second_approves_it_with_a_comment_and_the_requester_sees_the_invoice_released()
    {
        // The store does not matter here (the API tests cover both): SQLite keeps the browser test quick.
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory) { OrleansDashboard = true };
        await using var browser = await BrowserSession.StartAsync(server);
        output.WriteLine($"Screenshots: {BrowserSession.ArtifactsDirectory}");

        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(ApproverChain);

        var approver = await browser.SignInAsync(scenario.As("MGR").DefaultRequestHeaders.Authorization!.Parameter!, "approve", screenshot: "sign-in");
        var requester = await browser.SignInAsync(scenario.As("REQ").DefaultRequestHeaders.Authorization!.Parameter!, "sent");
        await Expect(approver.Locator("[data-connection=live]")).ToBeVisibleAsync();
        await Expect(requester.Locator("[data-connection=live]")).ToBeVisibleAsync();
        await Expect(approver.GetByText("Nothing waits for you")).ToBeVisibleAsync();

        var requestId = await scenario.RequestApprovalAsync("REQ", "INV-1001", 1250m);

        // Pushed, not polled: the page's fallback refresh (15 s) is far slower than this.
        var card = approver.Locator("[data-list=requests-to-approve] [data-record=INV-1001]");
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 1000 });
        await Expect(card).ToContainTextAsync("REQ");
        await Expect(card).ToContainTextAsync("1,250.00");
        await Expect(requester.Locator("[data-list=requests-sent] [data-record=INV-1001] [data-document-status]")).ToHaveAttributeAsync("data-document-status", "Pending Approval");
        await browser.ScreenshotAsync(approver, "requests-to-approve");

        await card.GetByLabel("Comment").FillAsync("Checked against the delivery note.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(approver.GetByText("Nothing waits for you")).ToBeVisibleAsync();
        var sent = requester.Locator("[data-list=requests-sent] [data-record=INV-1001]");
        await Expect(sent.Locator("[data-document-status]")).ToHaveAttributeAsync("data-document-status", "Released");
        await Expect(sent).ToContainTextAsync("MGR");
        await Expect(requester.Locator(".feed")).ToContainTextAsync("INV-1001");
        await browser.ScreenshotAsync(requester, "requests-sent");

        // The approval was kept with its comment, as the API tells.
        var request = await scenario.RequestAsync(requestId);
        Assert.Contains(request.GetProperty("comments").EnumerateArray(), c => c.GetProperty("text").GetString() == "Checked against the delivery note.");
        Assert.Equal("Released", await scenario.StatusAsync("INV-1001"));

        // The administrator's pages: the workflow drawn as a flow, the instance's history, the cluster.
        var admin = await browser.SignInAsync(WorkflowServerFactory.AdminToken, "workflows");
        await admin.GetByRole(AriaRole.Button, new() { Name = "PI-APPROVAL" }).ClickAsync();
        await Expect(admin.Locator("[data-workflow=PI-APPROVAL] .branches")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-workflow=PI-APPROVAL] [data-step]")).ToHaveCountAsync(10);
        await browser.ScreenshotAsync(admin, "workflows");

        await admin.GotoAsync("/#instances");
        await admin.Locator("[data-instance]").First.ClickAsync();
        await Expect(admin.Locator(".history")).ToContainTextAsync("RELEASE_DOCUMENT");
        await browser.ScreenshotAsync(admin, "instances");

        await admin.GotoAsync("/#cluster");
        await Expect(admin.Locator("[data-silo]")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync(admin, "cluster");

        // The Orleans Dashboard opens from the page, on the cookie the page asked for, and loads its own data with it.
        var orleans = await admin.RunAndWaitForPopupAsync(() => admin.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Orleans Dashboard" }).ClickAsync());
        var data = await orleans.WaitForResponseAsync(r => r.Url.Contains("/dashboard/") && r.Request.ResourceType is "fetch" or "xhr");
        Assert.Equal(200, data.Status);
        // It draws what it loaded (a tab in the background is not painted, so it comes to the front first).
        await orleans.BringToFrontAsync();
        await Expect(orleans.GetByText("Total Activations")).ToBeVisibleAsync();
        await Expect(orleans.GetByText("Active Silos")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(orleans, "orleans-dashboard");
    }
    /// <summary>
    /// The hub goes away under an open page and comes back: the page says it is reconnecting, then live again, and a
    /// request created meanwhile is on it without a reload, from the feed messages it asked for (GetMissed, from the last
    /// sequence it had seen) once it was back.
    /// </summary>
    [Fact]
    public async Task When_the_connection_drops_the_page_shows_reconnecting_then_live_and_catches_up_on_what_it_missed_without_a_reload()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var outage = new HubOutage();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory,
            configureServices: services => services.AddSingleton<IStartupFilter>(outage));
        await using var browser = await BrowserSession.StartAsync(server);
        output.WriteLine($"Screenshots: {BrowserSession.ArtifactsDirectory}");

        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(ApproverChain);

        var approver = await browser.SignInAsync(scenario.As("MGR").DefaultRequestHeaders.Authorization!.Parameter!, "approve");
        var sent = new ConcurrentQueue<string>();
        approver.WebSocket += (_, socket) => socket.FrameSent += (_, frame) => { if (frame.Text is { } text) sent.Enqueue(text); };
        await Expect(approver.Locator("[data-connection=live]")).ToBeVisibleAsync();
        await scenario.RequestApprovalAsync("REQ", "INV-2001", 100m);
        await Expect(approver.Locator("[data-list=requests-to-approve] [data-record=INV-2001]")).ToBeVisibleAsync(new() { Timeout = 1000 });
        // Gone after a reload, so still there at the end means the page was never reloaded.
        await approver.EvaluateAsync("() => { window.keptSinceTheDrop = true; }");

        outage.Begin();
        await Expect(approver.Locator("[data-connection=reconnecting]")).ToBeVisibleAsync(new() { Timeout = 5000 });
        sent.Clear();
        // Nothing reaches the page while it is cut off, so what it has seen is fixed now.
        var lastSeen = long.Parse(await approver.EvaluateAsync<string>(
            "() => Object.entries(sessionStorage).find(([key]) => key.startsWith('wf.feed.lastSequence.'))[1]"));
        Assert.True(lastSeen > 0);
        await scenario.RequestApprovalAsync("REQ", "INV-2002", 200m);
        var missed = approver.Locator("[data-list=requests-to-approve] [data-record=INV-2002]");
        await Expect(missed).ToHaveCountAsync(0);
        await Expect(approver.Locator("[data-connection=reconnecting]")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(approver, "reconnecting");

        outage.End();
        // The page's reconnect waits grow (0, 1, 2, 5 s, then 10 s): within 20 s it has tried again.
        await Expect(approver.Locator("[data-connection=live]")).ToBeVisibleAsync(new() { Timeout = 20000 });
        await Expect(missed).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Expect(missed).ToContainTextAsync("REQ");
        await Expect(missed).ToContainTextAsync("200.00");
        // The new entry's feed message came to the page over the hub, though no push could reach it when it happened:
        // the page asked for it, from the sequence it had seen last.
        var caughtUp = approver.Locator(".feed [data-kind=ApprovalEntryCreated]").Filter(new() { HasText = "INV-2002" });
        await Expect(caughtUp).ToHaveCountAsync(1);
        Assert.True(long.Parse((await caughtUp.GetAttributeAsync("data-sequence"))!) > lastSeen);
        Assert.Contains((long?)lastSeen, sent.SelectMany(HubInvocations).Where(i => i.Target == "GetMissed").Select(i => i.Argument));
        Assert.True(await approver.EvaluateAsync<bool>("() => window.keptSinceTheDrop === true"));
        // Live push is the notification method here (no SMTP server): each approval notification is listed once, as the
        // live message that delivered it, not again as the stored entry.
        await Expect(approver.Locator(".feed [data-kind=Notification]").Filter(new() { HasText = "INV-2001" })).ToHaveCountAsync(1);
        await Expect(approver.Locator(".feed-item").Filter(new() { HasText = "Approval · INV-2001" })).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(approver, "reconnected");
    }

    /// <summary>The invocations in one frame of SignalR's JSON protocol (messages end with the record separator, 0x1E).</summary>
    private static IEnumerable<(string? Target, long? Argument)> HubInvocations(string frame) =>
        frame.Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
            .Select(text => JsonDocument.Parse(text).RootElement)
            .Where(m => m.TryGetProperty("type", out var type) && type.GetInt32() == 1)
            .Select(m => (m.GetProperty("target").GetString(),
                m.GetProperty("arguments") is { ValueKind: JsonValueKind.Array } args && args.GetArrayLength() > 0 && args[0].ValueKind == JsonValueKind.Number
                    ? args[0].GetInt64() : (long?)null));
}
