using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Reminders;

/// <summary>Orleans reminders on the engine's SQLite database, end to end through a real single-silo host.</summary>
public sealed class SqliteReminderSiloTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_reminder_a_grain_registers_fires_when_reminder_time_reaches_it()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var time = new FakeTimeProvider(Start);
        var log = new ReminderTickLog();
        using var host = ReminderTestSilo.Sqlite(database.ConnectionString, "workflow", time, log);
        await host.StartAsync();

        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>("acme/approval-1");
        await grain.Remind("deadline", dueTime: TimeSpan.FromDays(2), period: TimeSpan.FromDays(1));
        Assert.True(await grain.HasReminder("deadline"));
        Assert.Empty(log.TicksOf("acme/approval-1", "deadline"));

        await FakeTime.AdvanceUntilAsync(time, TimeSpan.FromHours(1), () => log.TicksOf("acme/approval-1", "deadline").Count > 0,
            "the deadline reminder's first tick");

        var tick = log.TicksOf("acme/approval-1", "deadline")[0];
        Assert.Equal((Start + TimeSpan.FromDays(2)).UtcDateTime, tick.FirstTickTime);
        Assert.Equal(TimeSpan.FromDays(1), tick.Period);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reminder_survives_a_silo_restart_on_the_same_database_file()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var firstLog = new ReminderTickLog();
        using (var first = ReminderTestSilo.Sqlite(database.ConnectionString, "workflow", new FakeTimeProvider(Start), firstLog))
        {
            await first.StartAsync();
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>("acme/approval-2");
            await grain.Remind("deadline", dueTime: TimeSpan.FromDays(2), period: TimeSpan.FromDays(1));
            await first.StopAsync();
        }
        Assert.Empty(firstLog.TicksOf("acme/approval-2", "deadline"));
        await using (var storage = database.CreateProvider())
        await using (var connection = await storage.OpenConnectionAsync())
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM orleans_reminders WHERE service_id = 'workflow' AND grain_id LIKE '%acme/approval-2'"));
        }

        // A new silo on the same file, same service id; nothing registers the reminder again.
        var time = new FakeTimeProvider(Start);
        var log = new ReminderTickLog();
        using var second = ReminderTestSilo.Sqlite(database.ConnectionString, "workflow", time, log);
        await second.StartAsync();

        await FakeTime.AdvanceUntilAsync(time, TimeSpan.FromHours(1), () => log.TicksOf("acme/approval-2", "deadline").Count > 0,
            "the deadline reminder to tick on the restarted silo");

        Assert.Equal((Start + TimeSpan.FromDays(2)).UtcDateTime, log.TicksOf("acme/approval-2", "deadline")[0].FirstTickTime);
        await second.StopAsync();
    }
}
