using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Abstractions;
using Workflow.Engine.Notifications;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Notifications;

/// <summary>The notification setup API (own setup, administrators for their tenant, bad input named) and its schedules.</summary>
public sealed class NotificationSetupTests
{
    [Fact]
    public async Task A_user_reads_and_changes_their_own_setup_and_an_administrator_anyones_of_their_tenant_only()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();
        var alice = await server.CreateUserAsync(admin, "ALICE");
        var bob = await server.CreateUserAsync(admin, "BOB");
        var other = await server.CreateTenantAsync("other");

        // Without a setup of their own, instantly, by the server's default method: live push here, as no SMTP server is
        // configured (with one, Business Central's e-mail: see NotificationDeliveryTests).
        var defaults = await alice.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup");
        Assert.Equal(["NewRecord", "Approval", "Overdue"], defaults.EnumerateArray().Select(s => s.GetProperty("notificationType").GetString()).ToArray());
        Assert.All(defaults.EnumerateArray(), s =>
        {
            Assert.Equal("LivePush", s.GetProperty("method").GetString());
            Assert.Equal("Instantly", s.GetProperty("recurrence").GetString());
            Assert.True(s.GetProperty("isDefault").GetBoolean());
        });

        var put = await alice.PutAsJsonAsync("/api/v1/notification-setup/ALICE/Approval",
            new { method = "Note", recurrence = "Weekly", time = "07:30", weekdays = new[] { "Monday", "Thursday" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var approval = (await alice.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup")).EnumerateArray()
            .Single(s => s.GetProperty("notificationType").GetString() == "Approval");
        Assert.Equal("Note", approval.GetProperty("method").GetString());
        Assert.Equal("07:30", approval.GetProperty("time").GetString());
        Assert.Equal(["Monday", "Thursday"], approval.GetProperty("weekdays").EnumerateArray().Select(d => d.GetString()).ToArray());
        Assert.False(approval.GetProperty("isDefault").GetBoolean());

        // Another user's setup is for administrators of the same tenant.
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PutAsJsonAsync("/api/v1/notification-setup/ALICE/Approval", new { method = "Note" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/v1/notification-setup/ALICE")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/notification-setup/ALICE")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/notification-setup/BOB/Overdue", new { method = "Note" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.ClientWithToken(null).GetAsync("/api/v1/notification-setup")).StatusCode);

        // Deleting a row brings the default back.
        var reset = await (await alice.DeleteAsync("/api/v1/notification-setup/ALICE/Approval")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(reset.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Bad_setup_is_refused_naming_the_field_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var alice = await server.CreateUserAsync(server.AdminClient(), "ALICE");
        await alice.PutAsJsonAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Note", recurrence = "Daily", time = "10:00" });

        async Task RefusedAsync(string path, object body, string field)
        {
            var response = await alice.PutAsJsonAsync(path, body);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        }

        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { recurrence = "Daily", time = "10:00" }, "method");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Pigeon" }, "method");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Note", recurrence = "Daily" }, "time");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Note", recurrence = "Daily", time = "25:00" }, "time");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Note", time = "10:00" }, "time");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Note", recurrence = "Weekly", time = "10:00" }, "weekdays");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord",
            new { method = "Note", recurrence = "Monthly", time = "10:00", monthlyNotificationDate = "Custom", dateOfMonth = 32 }, "dateOfMonth");
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Note", colour = "blue" }, "colour");
        await RefusedAsync("/api/v1/notification-setup/ALICE/Gossip", new { method = "Note" }, "notificationType");
        // E-mail needs an address, which ALICE has not got yet.
        await RefusedAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Email" }, "method");

        var newRecord = (await alice.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup")).EnumerateArray()
            .Single(s => s.GetProperty("notificationType").GetString() == "NewRecord");
        Assert.Equal("Note", newRecord.GetProperty("method").GetString());
        Assert.Equal("10:00", newRecord.GetProperty("time").GetString());

        // With an address of her own (a bad one refused first), e-mail is accepted.
        await ProblemAssert.IsProblemAsync(await alice.PatchAsJsonAsync("/api/v1/users/ALICE", new { email = "not-an-address" }), HttpStatusCode.BadRequest, "email");
        var patched = await alice.PatchAsJsonAsync("/api/v1/users/ALICE", new { email = "alice@example.com" });
        Assert.Equal("alice@example.com", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsJsonAsync("/api/v1/notification-setup/ALICE/NewRecord", new { method = "Email" })).StatusCode);
    }

    [Theory]
    // Monday 2026-11-02 09:00 UTC.
    [InlineData("Daily", "10:00", null, "2026-11-02T10:00")]
    [InlineData("Daily", "08:00", null, "2026-11-03T08:00")]
    [InlineData("Weekly", "08:00", "Sunday", "2026-11-08T08:00")]
    [InlineData("Monthly-FirstWorkday", "08:00", null, "2026-12-01T08:00")]
    [InlineData("Monthly-LastWorkday", "18:00", null, "2026-11-30T18:00")]
    [InlineData("Monthly-Custom-31", "08:00", null, "2026-11-30T08:00")]
    public void A_scheduled_entry_is_due_at_the_first_scheduled_time_after_it_was_made(string recurrence, string time, string? weekday, string expected)
    {
        var parts = recurrence.Split('-');
        var setup = new NotificationSetup("ALICE", NotificationEntryType.NewRecord, NotificationMethod.Email, Enum.Parse<NotificationRecurrence>(parts[0]),
            TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), DailyFrequency.Weekday, weekday is null ? [] : [Enum.Parse<DayOfWeek>(weekday)],
            parts.Length > 1 ? Enum.Parse<MonthlyNotificationDate>(parts[1]) : MonthlyNotificationDate.FirstWorkday, parts.Length > 2 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 1, false);
        var created = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(DateTimeOffset.Parse(expected + "Z", System.Globalization.CultureInfo.InvariantCulture), setup.DueFor(created, sendNow: false));
        Assert.Equal(created, setup.DueFor(created, sendNow: true));
    }

    [Fact]
    public void A_weekday_schedule_skips_the_weekend()
    {
        var setup = NotificationSetup.DefaultFor("ALICE", NotificationEntryType.Approval, NotificationMethod.Email) with
        {
            Recurrence = NotificationRecurrence.Daily, TimeOfDay = new TimeOnly(8, 0), DailyFrequency = DailyFrequency.Weekday,
        };
        var friday = new DateTimeOffset(2026, 11, 6, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 8, 0, 0, TimeSpan.Zero), setup.DueFor(friday, sendNow: false));
        Assert.Equal(new DateTimeOffset(2026, 11, 7, 8, 0, 0, TimeSpan.Zero), (setup with { DailyFrequency = DailyFrequency.Daily }).DueFor(friday, sendNow: false));
    }
    [Theory]
    // Europe/Berlin: CET (UTC+1) in winter, CEST (UTC+2) from 2026-03-29 02:00 to 2026-10-25 03:00 local time.
    [InlineData("Europe/Berlin", "2026-11-02T09:00", "08:00", "2026-11-03T07:00")]
    [InlineData("Europe/Berlin", "2026-11-02T06:00", "08:00", "2026-11-02T07:00")]
    [InlineData("Europe/Berlin", "2026-07-01T09:00", "08:00", "2026-07-02T06:00")]
    // The spring change skips 02:00-03:00: a 02:30 digest goes out as late after the jump, at 03:30 CEST.
    [InlineData("Europe/Berlin", "2026-03-28T12:00", "02:30", "2026-03-29T01:30")]
    // The autumn change shows 02:00-03:00 twice: the first time counts, so one digest.
    [InlineData("Europe/Berlin", "2026-10-24T12:00", "02:30", "2026-10-25T00:30")]
    [InlineData("Europe/Berlin", "2026-10-25T00:30", "02:30", "2026-10-26T01:30")]
    // The day is the user's: 21:00 in New York is 02:00 UTC the next day, and that evening's 22:00 is still to come.
    [InlineData("America/New_York", "2026-11-03T02:00", "22:00", "2026-11-03T03:00")]
    [InlineData("UTC", "2026-11-02T09:00", "08:00", "2026-11-03T08:00")]
    public void A_daily_schedule_is_at_the_time_of_day_in_the_users_time_zone(string timeZone, string created, string time, string expected)
    {
        var setup = NotificationSetup.DefaultFor("ALICE", NotificationEntryType.Approval, NotificationMethod.Email) with
        {
            Recurrence = NotificationRecurrence.Daily, TimeOfDay = TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
            DailyFrequency = DailyFrequency.Daily, TimeZone = timeZone,
        };
        Assert.Equal(Utc(expected), setup.DueFor(Utc(created), sendNow: false));
    }

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_user_sets_an_iana_time_zone_which_their_schedules_show_and_a_wrong_one_is_refused_naming_the_field()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var alice = await server.CreateUserAsync(server.AdminClient(), "ALICE");
        Assert.Equal("UTC", (await alice.GetFromJsonAsync<JsonElement>("/api/v1/users/ALICE")).GetProperty("timeZone").GetString());

        foreach (var wrong in new[] { "Mars/Olympus_Mons", "W. Europe Standard Time", "+01:00", new string('x', 300) })
            await ProblemAssert.IsProblemAsync(await alice.PatchAsJsonAsync("/api/v1/users/ALICE", new { timeZone = wrong }), HttpStatusCode.BadRequest, "timeZone");
        Assert.Equal("UTC", (await alice.GetFromJsonAsync<JsonElement>("/api/v1/users/ALICE")).GetProperty("timeZone").GetString());

        var patched = await alice.PatchAsJsonAsync("/api/v1/users/ALICE", new { timeZone = "Europe/Berlin" });
        Assert.Equal("Europe/Berlin", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZone").GetString());
        await alice.PutAsJsonAsync("/api/v1/notification-setup/ALICE/Approval", new { method = "Note", recurrence = "Daily", time = "08:00" });
        var approval = (await alice.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup")).EnumerateArray()
            .Single(s => s.GetProperty("notificationType").GetString() == "Approval");
        Assert.Equal(("08:00", "Europe/Berlin"), (approval.GetProperty("time").GetString(), approval.GetProperty("timeZone").GetString()));

        // Empty is UTC again; a new user may be given one at once.
        var reset = await alice.PatchAsJsonAsync("/api/v1/users/ALICE", new { timeZone = "" });
        Assert.Equal("UTC", (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZone").GetString());
        var created = await server.AdminClient().PostAsJsonAsync("/api/v1/users", new { userId = "BOB", displayName = "Bob", timeZone = "America/New_York" });
        Assert.Equal("America/New_York", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeZone").GetString());
        await ProblemAssert.IsProblemAsync(
            await server.AdminClient().PostAsJsonAsync("/api/v1/users", new { userId = "CAROL", displayName = "Carol", timeZone = "Nowhere" }), HttpStatusCode.BadRequest, "timeZone");
        Assert.Equal(HttpStatusCode.NotFound, (await server.AdminClient().GetAsync("/api/v1/users/CAROL")).StatusCode);
    }
}
