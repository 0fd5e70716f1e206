using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Workflow.Tests.Infrastructure;

/// <summary>What every test silo shares: reminders that can wait for days of test time.</summary>
public static class TestSilo
{
    /// <summary>
    /// Orleans loads only reminders due within its loading window (10 minutes) and refreshes the list every few minutes;
    /// tests jump days ahead, so the whole horizon is loaded at once.
    /// </summary>
    public static void ConfigureReminders(IServiceCollection services) =>
        services.Configure<ReminderOptions>(o =>
        {
            o.RefreshReminderListPeriod = TimeSpan.FromDays(1);
            o.ReminderLoadingWindow = TimeSpan.FromDays(60);
        });

    /// <summary>
    /// Waits until every reminder due by the engine's clock has been handled (a handled one-shot reminder is removed), or
    /// gives up after a bounded time; what the reminders did is then for the test to check. Orleans ticks a reminder whose
    /// time passed while no silo held it at its next period (within a minute); when the test owns the clock, that minute
    /// is let pass in small steps.
    /// </summary>
    public static async Task WaitForDueRemindersAsync(IServiceProvider services)
    {
        var table = services.GetRequiredService<IReminderTable>();
        var clock = services.GetRequiredService<TimeProvider>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = await table.ReadRows(0, 0); // begin == end: the whole ring
            if (!rows.Reminders.Any(r => r.StartAt <= now))
                return;
            if (clock is ManualTimeProvider manual)
                manual.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
    }
}
