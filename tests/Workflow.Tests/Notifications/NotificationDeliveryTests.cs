using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Notifications;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Notifications;

/// <summary>
/// Notification entries delivered by their recipient's setup: instantly or as one digest per period, by e-mail to a
/// listener of the tests' own, tracked per entry, retried with back-off, never sent twice across a restart.
/// </summary>
public sealed class NotificationDeliveryTests
{
    private static string Delivery(JsonElement entry, string property) => entry.GetProperty("delivery").GetProperty(property).ToString();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_instant_email_arrives_once_soon_after_the_entry_is_committed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port, backgroundDispatch: true);

        await server.CreateDocumentAsync("PI-1");

        // The server's own dispatcher loop sends it; nobody calls it here.
        var messages = await smtp.WaitForAsync(1);
        var message = Assert.Single(messages);
        Assert.Equal("alice@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal("Purchase document PI-1 has been created.", message.Subject);
        Assert.Contains("Look at this one.", message.TextBody);

        // The loop marks it sent right after the server accepted it; then no pass finds anything left to send.
        var entry = await server.WaitForAliceEntryAsync(e => Delivery(e, "status") == "Sent");
        Assert.Equal(0, await server.DispatchAsync());
        Assert.Single(smtp.Messages);
        Assert.Equal("Email", Delivery(entry, "method"));
        Assert.Equal(clock.GetUtcNow(), entry.GetProperty("delivery").GetProperty("sentAt").GetDateTimeOffset());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_daily_schedule_sends_one_digest_of_the_periods_entries_once_the_clock_passes_the_hour(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider(); // Monday 09:00 UTC
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port);
        await server.SetupAsync("ALICE", "NewRecord", new { method = "Email", recurrence = "Daily", time = "10:00" }, server.Alice);

        foreach (var document in new[] { "PI-1", "PI-2", "PI-3" })
        {
            await server.CreateDocumentAsync(document);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        // 09:30 and 09:59: before the hour nothing goes out.
        Assert.Equal(0, await server.DispatchAsync());
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await server.DispatchAsync());
        Assert.Empty(smtp.Messages);
        Assert.All(await server.AliceEntriesAsync(), e => Assert.Equal("Pending", Delivery(e, "status")));

        clock.Advance(TimeSpan.FromMinutes(1)); // 10:00
        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal(0, await server.DispatchAsync());

        var digest = Assert.Single(smtp.Messages);
        Assert.Equal("Notification overview", digest.Subject);
        foreach (var document in new[] { "PI-1", "PI-2", "PI-3" })
            Assert.Contains($"Purchase document {document} has been created.", digest.TextBody);

        // An entry made after the digest went out waits for the next day's.
        await server.CreateDocumentAsync("PI-4");
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await server.DispatchAsync());
        var entries = await server.AliceEntriesAsync();
        Assert.Equal("Pending", Delivery(entries.Single(e => e.GetProperty("recordId").GetString() == "PI-4"), "status"));
        var sent = entries.Where(e => e.GetProperty("recordId").GetString() != "PI-4").ToList();
        Assert.All(sent, e => Assert.Equal("Sent", Delivery(e, "status")));
        Assert.Single(sent.Select(e => Delivery(e, "deliveryId")).Distinct());
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_back_off_and_its_reason_shown_then_sent_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port);
        await server.CreateDocumentAsync("PI-1");

        // First the server is down: the connection is refused.
        smtp.Stop();
        Assert.Equal(0, await server.DispatchAsync());
        var entry = Assert.Single(await server.AliceEntriesAsync());
        Assert.Equal("Failed", Delivery(entry, "status"));
        Assert.Equal("1", Delivery(entry, "attempts"));
        Assert.False(string.IsNullOrWhiteSpace(Delivery(entry, "lastError")));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(1), entry.GetProperty("delivery").GetProperty("nextAttemptAt").GetDateTimeOffset());

        // Before the back-off has passed nothing is tried.
        smtp.Restart();
        smtp.Refusing = true;
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await server.DispatchAsync());
        Assert.Equal("1", Delivery(Assert.Single(await server.AliceEntriesAsync()), "attempts"));

        // Then it refuses mail: the second failure waits twice as long, and says why.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await server.DispatchAsync());
        entry = Assert.Single(await server.AliceEntriesAsync());
        Assert.Equal("2", Delivery(entry, "attempts"));
        Assert.Contains("refuses mail", Delivery(entry, "lastError"));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(2), entry.GetProperty("delivery").GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Empty(smtp.Messages);

        smtp.Refusing = false;
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await server.DispatchAsync());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await server.DispatchAsync());
        Assert.Single(smtp.Messages);
        entry = Assert.Single(await server.AliceEntriesAsync());
        Assert.Equal("Sent", Delivery(entry, "status"));
        Assert.Equal("", Delivery(entry, "lastError"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_node_on_the_same_database_sends_nothing_again_and_sends_what_was_left_waiting(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using (var first = await NotificationServer.StartAsync(database, clock, smtp.Port))
        {
            await first.CreateDocumentAsync("PI-1");
            Assert.Equal(1, await first.DispatchAsync());
            await first.SetupAsync("ALICE", "NewRecord", new { method = "Email", recurrence = "Daily", time = "10:00" });
            await first.CreateDocumentAsync("PI-2");
        }

        await using var second = await NotificationServer.StartAsync(database, clock, smtp.Port, freshDatabase: false);
        Assert.Equal(0, await second.DispatchAsync());
        Assert.Single(smtp.Messages);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await second.DispatchAsync());
        Assert.Equal(0, await second.DispatchAsync());
        Assert.Equal(["Purchase document PI-1 has been created.", "Purchase document PI-2 has been created."],
            smtp.Messages.Select(m => m.Subject).ToArray());
    }

    [Fact]
    public async Task Two_nodes_dispatching_at_once_send_each_entry_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var a = await NotificationServer.StartAsync(database, clock, smtp.Port);
        await using var b = await NotificationServer.StartAsync(database, clock, smtp.Port, freshDatabase: false);
        foreach (var document in Enumerable.Range(1, 5).Select(i => $"PI-{i}"))
            await a.CreateDocumentAsync(document);

        var sent = await Task.WhenAll(a.DispatchAsync(), b.DispatchAsync(), a.DispatchAsync(), b.DispatchAsync());
        sent = [.. sent, await a.DispatchAsync(), await b.DispatchAsync()];

        Assert.Equal(5, sent.Sum());
        Assert.Equal(5, smtp.Messages.Count);
        Assert.Equal(5, smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Entries_a_dead_node_held_are_sent_by_another_once_its_lease_runs_out()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port);
        await server.CreateDocumentAsync("PI-1");
        // A node took ALICE's entries and died before sending: its lease row stays behind.
        var store = server.Server.Services.GetRequiredService<NotificationStore>();
        Assert.True(await store.TryLeaseAsync("default", "ALICE", "dead-node", clock.GetUtcNow(), clock.GetUtcNow() + TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Equal(0, await server.DispatchAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await server.DispatchAsync());
        Assert.Single(smtp.Messages);
    }

    /// <summary>
    /// The one gap, kept visible: the SMTP server accepted the message but the node never marked it sent (here the
    /// channel fails right after sending). It is sent again, never lost, with the same Message-Id.
    /// </summary>
    [Fact]
    public async Task A_delivery_accepted_but_not_marked_sent_is_sent_again_with_the_same_message_id()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port, wrapEmail: email => new FailingOnceAfterDelivery(email));
        await server.CreateDocumentAsync("PI-1");

        Assert.Equal(0, await server.DispatchAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await server.DispatchAsync());

        Assert.Equal(2, smtp.Messages.Count);
        Assert.Single(smtp.Messages.Select(m => m.MessageId).Distinct());
        Assert.Equal("Sent", Delivery(Assert.Single(await server.AliceEntriesAsync()), "status"));
    }

    private sealed class FailingOnceAfterDelivery(INotificationChannel inner) : INotificationChannel
    {
        private int _failed;

        public NotificationMethod Method => inner.Method;

        public async Task DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
        {
            await inner.DeliverAsync(delivery, cancellationToken);
            if (Interlocked.Exchange(ref _failed, 1) == 0)
                throw new IOException("The node lost its database connection before marking the delivery sent.");
        }
    }

    /// <summary>
    /// A server without an SMTP host (the embedded default) gives users live push by default, not e-mail that could only
    /// fail; a user's own Email setup there fails once, with the reason, and is not tried again in a loop, until a server
    /// that has an SMTP host sends it.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_an_smtp_server_the_default_is_live_push_and_an_email_setup_fails_once_with_the_reason(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using (var server = await NotificationServer.StartAsync(database, clock, smtpPort: null))
        {
            var defaults = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(server.Alice, "/api/v1/notification-setup");
            Assert.All(defaults.EnumerateArray(), s => Assert.Equal(("LivePush", true), (s.GetProperty("method").GetString(), s.GetProperty("isDefault").GetBoolean())));
            await server.CreateDocumentAsync("PI-1");
            Assert.Equal(1, await server.DispatchAsync());
            var pushed = await server.AliceEntryAsync("PI-1");
            Assert.Equal(("Sent", "LivePush"), (Delivery(pushed, "status"), Delivery(pushed, "method")));

            // ALICE asks for e-mail herself: the one attempt fails and says why; the next passes leave it alone.
            await server.SetupAsync("ALICE", "NewRecord", new { method = "Email" }, server.Alice);
            await server.CreateDocumentAsync("PI-2");
            Assert.Equal(0, await server.DispatchAsync());
            var failed = await server.AliceEntryAsync("PI-2");
            Assert.Equal(("Failed", "Email", "1"), (Delivery(failed, "status"), Delivery(failed, "method"), Delivery(failed, "attempts")));
            Assert.Contains("no SMTP server is configured", Delivery(failed, "lastError"));
            Assert.Equal(JsonValueKind.Null, failed.GetProperty("delivery").GetProperty("nextAttemptAt").ValueKind);
            clock.Advance(TimeSpan.FromDays(2));
            Assert.Equal(0, await server.DispatchAsync());
            Assert.Equal("1", Delivery(await server.AliceEntryAsync("PI-2"), "attempts"));
        }

        // A server with an SMTP host on the same database takes the e-mail that was waiting for one.
        await using var withSmtp = await NotificationServer.StartAsync(database, clock, smtp.Port, freshDatabase: false);
        Assert.Equal(1, await withSmtp.DispatchAsync());
        Assert.Equal("Purchase document PI-2 has been created.", Assert.Single(smtp.Messages).Subject);
        Assert.Equal("Sent", Delivery(await withSmtp.AliceEntryAsync("PI-2"), "status"));
        Assert.Equal(0, await withSmtp.DispatchAsync());
    }

    [Fact]
    public async Task The_default_method_is_the_configured_one_when_set()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port, defaultMethod: NotificationMethod.Note);
        await server.CreateDocumentAsync("PI-1");

        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal("Note", Delivery(await server.AliceEntryAsync("PI-1"), "method"));
        Assert.Empty(smtp.Messages);
    }

    /// <summary>A daily 08:00 digest for a user in Europe/Berlin goes out at 07:00 UTC in winter (CET, UTC+1), once.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_daily_digest_goes_out_at_the_time_of_day_in_the_users_time_zone(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider(); // Monday 2026-11-02 09:00 UTC, 10:00 in Berlin: today's 08:00 has passed
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port);
        (await System.Net.Http.Json.HttpClientJsonExtensions.PatchAsJsonAsync(server.Alice, "/api/v1/users/ALICE", new { timeZone = "Europe/Berlin" })).EnsureSuccessStatusCode();
        await server.SetupAsync("ALICE", "NewRecord", new { method = "Email", recurrence = "Daily", time = "08:00", dailyFrequency = "Daily" }, server.Alice);
        await server.CreateDocumentAsync("PI-1");
        await server.CreateDocumentAsync("PI-2");

        Assert.Equal(0, await server.DispatchAsync());
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero), (await server.AliceEntryAsync("PI-1")).GetProperty("delivery").GetProperty("dueAt").GetDateTimeOffset());
        clock.Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(59)); // Tuesday 06:59 UTC, 07:59 in Berlin
        Assert.Equal(0, await server.DispatchAsync());
        clock.Advance(TimeSpan.FromMinutes(1)); // 07:00 UTC, 08:00 in Berlin
        Assert.Equal(1, await server.DispatchAsync());
        clock.Advance(TimeSpan.FromHours(1)); // 08:00 UTC, when a UTC schedule would have sent it
        Assert.Equal(0, await server.DispatchAsync());

        var digest = Assert.Single(smtp.Messages);
        Assert.Contains("Purchase document PI-1 has been created.", digest.TextBody);
        Assert.Contains("Purchase document PI-2 has been created.", digest.TextBody);
    }

    [Fact]
    public async Task The_note_method_leaves_one_note_per_entry_for_the_recipient()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtpPort: null);
        await server.SetupAsync("ALICE", "NewRecord", new { method = "Note" }, server.Alice);
        await server.CreateDocumentAsync("PI-1");

        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal(0, await server.DispatchAsync());
        var notes = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(server.Alice, "/api/v1/notifications/notes")).EnumerateArray().ToArray();
        var note = Assert.Single(notes);
        Assert.Equal("PI-1", note.GetProperty("recordId").GetString());
        Assert.StartsWith("Purchase document PI-1 has been created.", note.GetProperty("text").GetString());
        Assert.Empty((await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(server.Admin.Client, "/api/v1/notifications/notes")).EnumerateArray());
    }

    [Fact]
    public async Task Send_notification_goes_out_at_once_whatever_the_schedule()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port, response: "SEND_NOTIFICATION");
        await server.SetupAsync("ALICE", "NewRecord", new { method = "Email", recurrence = "Weekly", time = "08:00", weekdays = new[] { "Friday" } });
        await server.CreateDocumentAsync("PI-1");

        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal("Purchase document PI-1 has been created.", Assert.Single(smtp.Messages).Subject);
    }

    /// <summary>
    /// An approval notification waiting for the approver's daily digest is worded by the approval entry's status when the
    /// digest goes out: approved in the meantime, it says so (catalogue §5.3).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approval_notification_is_worded_by_the_approval_entrys_status_when_it_goes_out(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port);
        var scenario = await ApprovalScenario.StartAsync(server.Server, "REQ", "MGR");
        (await server.Admin.Client.PatchAsync("/api/v1/users/MGR", JsonContent("""{"email": "mgr@example.com"}"""))).EnsureSuccessStatusCode();
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR", purchaseLimit: 100);
        await server.SetupAsync("MGR", "Approval", new { method = "Email", recurrence = "Daily", time = "17:00", dailyFrequency = "Daily" }, scenario.As("MGR"));
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver" });

        var approvedId = await scenario.RequestApprovalAsync("REQ", "PI-APPROVED", 500m);
        await scenario.RequestApprovalAsync("REQ", "PI-WAITING", 700m);
        await scenario.ActOkAsync("MGR", approvedId, "approve");
        Assert.Equal(0, await server.DispatchAsync());

        clock.Advance(TimeSpan.FromHours(8)); // 17:00
        Assert.Equal(1, await server.DispatchAsync());
        var digest = Assert.Single(smtp.Messages);
        Assert.Equal("mgr@example.com", digest.To.Mailboxes.Single().Address);
        Assert.Contains("Purchase document PI-APPROVED has been approved.", digest.TextBody);
        Assert.Contains("Purchase document PI-WAITING requires your approval.", digest.TextBody);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
