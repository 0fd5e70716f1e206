using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Notifications;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134301 "Workflow Notification Test" (its first 13 procedures read): the default
/// notification setup, and the approval notification's text by the approval entry's status.
/// </summary>
public sealed class WorkflowNotificationTests
{
    /// <summary>TestNotificationSetupCreated: without a setup of their own, a user's New Record notifications have BC's default setup, e-mail (on a server configured to send e-mail).</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestNotificationSetupCreated(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // E-mail is the default of a server that has an SMTP server to send through, as Business Central has.
        await using var smtp = SmtpListener.Start();
        await using var server = await NotificationServer.StartAsync(database, new ManualTimeProvider(), smtp.Port);

        var setup = (await server.Alice.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup")).EnumerateArray()
            .Single(s => s.GetProperty("notificationType").GetString() == "NewRecord");

        Assert.Equal(("ALICE", "Email", true), (setup.GetProperty("userId").GetString(), setup.GetProperty("method").GetString(), setup.GetProperty("isDefault").GetBoolean()));
    }

    /// <summary>
    /// NotificationFor{Open,Rejected,Canceled}{Purch,Sales}ApprovalEntry (6, purchase then sales in one run): the
    /// notification about an approval entry says what its status is. (BC's e-mail body also carries the amount and page
    /// links; the engine's text is the one line.)
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NotificationForApprovalEntryByStatus(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = await NotificationServer.StartAsync(database, new ManualTimeProvider(), smtpPort: null);
        var scenario = await ApprovalScenario.StartAsync(server.Server, "REQ", "APPR");
        await scenario.SetupAsync("APPR", unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync("REQ", approver: "APPR");
        foreach (var user in new[] { "REQ", "APPR" })
            await server.SetupAsync(user, "Approval", new { method = "Note" }, scenario.As(user));

        foreach (var (recordType, template, name) in new[] { (Purchase, "WF-PIAPW", "Purchase document"), (Sales, "WF-SIAPW", "Sales document") })
        {
            await scenario.EnableTemplateAsync(template, $"{template[3..]}-COPY");
            var rejected = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", "I-1", 500m, approverCode: "APPR");
            await server.DispatchAsync();
            Assert.Contains($"{name} I-1 requires your approval.", await NotesAsync(scenario, "APPR"));

            await scenario.ActOkAsync("APPR", rejected, "reject");
            await server.DispatchAsync();
            Assert.Contains($"{name} I-1 approval has been rejected.", await NotesAsync(scenario, "REQ"));

            await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", "I-2", 500m, approverCode: "APPR");
            await server.DispatchAsync();
            await scenario.CancelDocumentApprovalAsync("REQ", recordType, "I-2");
            await server.DispatchAsync();
            Assert.Contains($"{name} I-2 approval request has been canceled.", await NotesAsync(scenario, "APPR"));
        }
    }

    private static async Task<string[]> NotesAsync(ApprovalScenario scenario, string user) =>
        [.. (await scenario.As(user).GetFromJsonAsync<JsonElement>("/api/v1/notifications/notes")).EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()!.Split('\n')[0])];
}
