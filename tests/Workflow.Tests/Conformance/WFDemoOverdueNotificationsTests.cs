using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Conformance;

/// <summary>Business Central's codeunit 134186 "WF Demo Overdue Notifications".</summary>
public sealed class WFDemoOverdueNotificationsTests
{
    /// <summary>
    /// SendOverdueNotificationsTest: a purchase and a sales invoice sent with due date formula &lt;0D&gt; (due today) and
    /// two more with &lt;5D&gt;; the approver (unlimited, above a requester with limit 100) gets exactly two Overdue
    /// notifications, for the two entries due today.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendOverdueNotificationsTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR", unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync("REQ", approver: "APPR", purchaseLimit: 100, salesLimit: 100);

        foreach (var (due, suffix) in new[] { ("<0D>", "NOW"), ("<5D>", "LATER") })
        {
            await scenario.EnableDocumentApprovalAsync(Conformance.Purchase, "Invoice",
                new { approverType = "Salesperson/Purchaser", approverLimitType = "Approver Chain", approvalLimit = "Purchase", dueDateFormula = due }, $"PI-{suffix}");
            await scenario.EnableDocumentApprovalAsync(Conformance.Sales, "Invoice",
                new { approverType = "Salesperson/Purchaser", approverLimitType = "Approver Chain", approvalLimit = "Sales", dueDateFormula = due }, $"SI-{suffix}");
            await scenario.SendDocumentOkAsync("REQ", Conformance.Purchase, "Invoice", $"PI-{suffix}", 8000m, approverCode: "APPR");
            await scenario.SendDocumentOkAsync("REQ", Conformance.Sales, "Invoice", $"SI-{suffix}", 8000m, approverCode: "APPR");
            await scenario.Admin.Client.PostAsync($"/api/v1/workflows/PI-{suffix}/disable", null);
            await scenario.Admin.Client.PostAsync($"/api/v1/workflows/SI-{suffix}/disable", null);
        }

        // The batch job runs later the same day.
        clock.Advance(TimeSpan.FromMinutes(1));
        await server.RunDueWorkAsync();
        await server.RunDueWorkAsync();

        var notifications = await scenario.As("APPR").GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        var overdue = notifications.EnumerateArray().Where(n => n.GetProperty("entryType").GetString() == "Overdue")
            .Select(n => n.GetProperty("recordId").GetString()).Order().ToArray();
        Assert.Equal(["PI-NOW", "SI-NOW"], overdue);
    }
}
