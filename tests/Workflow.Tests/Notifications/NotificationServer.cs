using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Notifications;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Notifications;

/// <summary>
/// The real server on a test database, its e-mail going to a <see cref="SmtpListener"/>, with users who have e-mail
/// addresses and a workflow that creates a notification for ALICE whenever a purchase document is created.
/// </summary>
public sealed class NotificationServer : IAsyncDisposable
{
    private NotificationServer(WorkflowServerFactory server, WorkflowApi admin)
    {
        Server = server;
        Admin = admin;
    }

    public WorkflowServerFactory Server { get; }
    public WorkflowApi Admin { get; }

    /// <summary>
    /// Starts a server whose dispatcher runs only when the test calls <see cref="DispatchAsync"/> (its own loop waits an
    /// hour), unless <paramref name="backgroundDispatch"/>; <paramref name="smtpPort"/> null means no SMTP server is
    /// configured; <paramref name="defaultMethod"/> is <c>Notifications:DefaultMethod</c>. On a fresh database it creates
    /// ALICE (with an e-mail address) and the notifying workflow.
    /// </summary>
    public static async Task<NotificationServer> StartAsync(
        TestDatabase database, ManualTimeProvider clock, int? smtpPort, bool backgroundDispatch = false, bool freshDatabase = true, string response = "CREATE_NOTIFICATION_ENTRY",
        Func<INotificationChannel, INotificationChannel>? wrapEmail = null, NotificationMethod? defaultMethod = null)
    {
        var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock, services =>
        {
            services.AddSingleton(new NotificationOptions
            {
                PollInterval = backgroundDispatch ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromHours(1),
                DefaultMethod = defaultMethod,
            });
            if (smtpPort is { } port)
            {
                INotificationChannel email = new EmailChannel(new SmtpOptions
                {
                    Host = "127.0.0.1", Port = port, From = "workflow@example.com", Security = SecureSocketOptions.None, Timeout = TimeSpan.FromSeconds(10),
                });
                services.AddSingleton(wrapEmail?.Invoke(email) ?? email);
            }
        });
        var ready = new NotificationServer(server, new WorkflowApi(server.AdminClient()));
        if (freshDatabase)
        {
            (await ready.Admin.Client.PostAsJsonAsync("/api/v1/users", new { userId = "ALICE", displayName = "Alice", email = "alice@example.com" })).EnsureSuccessStatusCode();
            await ready.Admin.CreateAndEnableAsync("TELL-ALICE",
            [
                Event(1, "RECORD_CREATED"),
                Response(2, response, 1, new { recipientUserId = "ALICE", message = "Look at this one." }),
            ], recordType: "PURCHASE_DOCUMENT");
        }
        var token = await ready.Admin.Client.PostAsJsonAsync("/api/v1/users/ALICE/tokens", new { name = "test" });
        token.EnsureSuccessStatusCode();
        ready.Alice = server.ClientWithToken((await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return ready;
    }

    /// <summary>ALICE's own client.</summary>
    public HttpClient Alice { get; private set; } = null!;

    /// <summary>A purchase document is created: ALICE gets a notification entry about it.</summary>
    public Task CreateDocumentAsync(string documentNo) =>
        Admin.RaiseOkAsync("RECORD_CREATED", "PURCHASE_DOCUMENT", documentNo, new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Amount"] = "100" });

    /// <summary>One dispatcher pass, as the background loop makes one.</summary>
    public Task<int> DispatchAsync() => Server.Services.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(CancellationToken.None);

    /// <summary>ALICE's entry about <paramref name="documentNo"/>.</summary>
    public async Task<JsonElement> AliceEntryAsync(string documentNo) =>
        (await AliceEntriesAsync()).Single(e => e.GetProperty("recordId").GetString() == documentNo);

    public async Task SetupAsync(string userId, string type, object setup, HttpClient? client = null)
    {
        var response = await (client ?? Admin.Client).PutAsJsonAsync($"/api/v1/notification-setup/{userId}/{type}", setup);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>ALICE's notification entries, newest first.</summary>
    public async Task<JsonElement[]> AliceEntriesAsync() =>
        (await Alice.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray().ToArray();

    /// <summary>ALICE's only entry, once it matches (what the background loop does is seen when it has done it); bounded.</summary>
    public async Task<JsonElement> WaitForAliceEntryAsync(Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var entry = Assert.Single(await AliceEntriesAsync());
            if (done(entry))
                return entry;
            await Task.Delay(50);
        }
        throw new TimeoutException("ALICE's entry did not reach the expected state.");
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
