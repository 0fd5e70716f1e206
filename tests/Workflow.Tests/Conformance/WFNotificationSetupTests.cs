using Workflow.Engine.Notifications;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Notifications;

namespace Workflow.Tests.Conformance;

/// <summary>Business Central's codeunit 134311 "WF Notification Setup".</summary>
public sealed class WFNotificationSetupTests
{
    /// <summary>
    /// NotificationSetupOnDelete: deleting a user's notification setup deletes its schedule with it: the user is back on
    /// the default (e-mail, instantly), and a notification made afterwards is due at once, not at the old schedule's time.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NotificationSetupOnDelete(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        // Business Central's default method is e-mail; here it is the default of a server that sends e-mail.
        await using var server = await NotificationServer.StartAsync(database, clock, smtpPort: null, defaultMethod: NotificationMethod.Email);
        await server.SetupAsync("ALICE", "NewRecord", new { method = "Note", recurrence = "Monthly", time = "12:00", monthlyNotificationDate = "LastWorkday" }, server.Alice);

        var deleted = await server.Alice.DeleteAsync("/api/v1/notification-setup/ALICE/NewRecord");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());

        var setup = (await server.Alice.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup")).EnumerateArray()
            .Single(s => s.GetProperty("notificationType").GetString() == "NewRecord");
        Assert.Equal(("Email", "Instantly", true), (setup.GetProperty("method").GetString(), setup.GetProperty("recurrence").GetString(), setup.GetProperty("isDefault").GetBoolean()));
        await server.CreateDocumentAsync("PI-1");
        await server.DispatchAsync();
        var entry = Assert.Single(await server.AliceEntriesAsync());
        Assert.Equal(clock.GetUtcNow(), entry.GetProperty("delivery").GetProperty("dueAt").GetDateTimeOffset());
    }
}
