using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Notifications;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134314 "WF Notification Schedule Tests": a user's notification schedule (Instantly by
/// default) and when a scheduled notification goes out. BC asserts the Earliest Start Date/Time of its dispatcher's job
/// queue entry; the engine has no job per notification, so the same instant is the entry's delivery dueAt. BC's dates
/// are in 2015; the rows use days of 2026–2027 that fall the same way, since the tests' clock only moves forward.
/// </summary>
public sealed class WFNotificationScheduleTests
{
    /// <summary>CreateNewSchedule: a schedule made for a user and a type names both, and its recurrence is Instantly unless one is given.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateNewSchedule(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = await NotificationServer.StartAsync(database, new ManualTimeProvider(), smtpPort: null);

        await server.SetupAsync("ALICE", "Approval", new { method = "Note" });

        var setup = (await server.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/notification-setup/ALICE")).EnumerateArray()
            .Single(s => s.GetProperty("notificationType").GetString() == "Approval");
        Assert.Equal(("ALICE", "Instantly", false),
            (setup.GetProperty("userId").GetString(), setup.GetProperty("recurrence").GetString(), setup.GetProperty("isDefault").GetBoolean()));
    }

    private static readonly Dictionary<string, (object Setup, (string Created, string Due)[] Cases)> Schedules = new()
    {
        ["TestMonthlyScheduleFirstWorkDate"] = (new { method = "Note", recurrence = "Monthly", time = "12:00", monthlyNotificationDate = "FirstWorkday" },
            [("2026-11-02T11:00", "2026-11-02T12:00"), ("2026-11-05T12:00", "2026-12-01T12:00")]),
        ["TestMonthlyScheduleLastWorkDate"] = (new { method = "Note", recurrence = "Monthly", time = "12:00", monthlyNotificationDate = "LastWorkday" },
            [("2026-11-05T12:00", "2026-11-30T12:00"), ("2027-01-05T12:00", "2027-01-29T12:00"), ("2027-01-29T11:00", "2027-01-29T12:00")]),
        ["TestMonthlyScheduleCustomWorkDate"] = (new { method = "Note", recurrence = "Monthly", time = "12:00", monthlyNotificationDate = "Custom", dateOfMonth = 31 },
            [("2026-11-05T11:00", "2026-11-30T12:00"), ("2026-12-05T12:00", "2026-12-31T12:00"), ("2026-12-31T11:00", "2026-12-31T12:00")]),
        ["TestWeeklyScheduleWorkDates"] = (new { method = "Note", recurrence = "Weekly", time = "12:00", weekdays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" } },
            [("2026-11-06T12:00", "2026-11-09T12:00"), ("2026-11-13T11:00", "2026-11-13T12:00")]),
        ["TestDailyScheduleWorkDates"] = (new { method = "Note", recurrence = "Daily", time = "12:00", dailyFrequency = "Weekday" },
            [("2026-11-06T12:00", "2026-11-09T12:00"), ("2026-11-13T11:00", "2026-11-13T12:00")]),
    };

    public static TheoryData<string, string> ProvidersAndScheduleProcedures()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var procedure in Schedules.Keys)
                rows.Add(provider, procedure);
        return rows;
    }

    /// <summary>
    /// TestMonthlySchedule{FirstWorkDate,LastWorkDate,CustomWorkDate}, TestWeeklyScheduleWorkDates, TestDailyScheduleWorkDates
    /// (5): a notification made at each of BC's moments goes out at the time BC calculates (CalculateExecutionTime).
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndScheduleProcedures))]
    public async Task ScheduledNotificationExecutionTime(string provider, string procedure)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtpPort: null);
        var (setup, cases) = Schedules[procedure];
        await server.SetupAsync("ALICE", "NewRecord", setup, server.Alice);

        var document = 0;
        foreach (var (created, due) in cases)
        {
            clock.SetUtcNow(At(created));
            await server.CreateDocumentAsync($"PI-{++document}");
            // The dispatcher's pass schedules a new entry by its recipient's setup (an earlier case's entry, due by now, goes out).
            await server.DispatchAsync();

            var entry = (await server.AliceEntriesAsync()).Single(e => e.GetProperty("recordId").GetString() == $"PI-{document}");
            Assert.Equal(At(due), entry.GetProperty("delivery").GetProperty("dueAt").GetDateTimeOffset());
        }
    }

    /// <summary>
    /// TestScheduledReuseSystemEmailFeature: with a monthly schedule, two notifications of one user and type share one
    /// scheduled dispatch: both wait for the same time and go out as one digest.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestScheduledReuseSystemEmailFeature(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var smtp = SmtpListener.Start();
        var clock = new ManualTimeProvider(); // Monday 2 November 2026, 09:00: the month's first workday
        await using var server = await NotificationServer.StartAsync(database, clock, smtp.Port);
        await server.SetupAsync("ALICE", "NewRecord", new { method = "Email", recurrence = "Monthly", time = "12:00", monthlyNotificationDate = "FirstWorkday" }, server.Alice);

        await server.CreateDocumentAsync("PI-1");
        await server.CreateDocumentAsync("PI-2");

        Assert.Equal(0, await server.DispatchAsync());
        var entries = await server.AliceEntriesAsync();
        Assert.Equal([At("2026-11-02T12:00")], entries.Select(e => e.GetProperty("delivery").GetProperty("dueAt").GetDateTimeOffset()).Distinct());
        clock.SetUtcNow(At("2026-11-02T12:00"));
        Assert.Equal(1, await server.DispatchAsync());
        var digest = Assert.Single(smtp.Messages);
        Assert.Contains("Purchase document PI-1 has been created.", digest.TextBody);
        Assert.Contains("Purchase document PI-2 has been created.", digest.TextBody);
        Assert.Single((await server.AliceEntriesAsync()).Select(e => e.GetProperty("delivery").GetProperty("deliveryId").GetString()).Distinct());
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
