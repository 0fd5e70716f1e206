using Microsoft.Extensions.Time.Testing;

namespace Workflow.Tests.Reminders;

/// <summary>Moves reminder time forward in steps until something has happened, within a real-time deadline.</summary>
public static class FakeTime
{
    /// <summary>
    /// Steps rather than one jump: a silo that has not loaded its reminders yet still sees later ticks, and a tick
    /// delivered late (ticks are grain calls, delivered after the timer fires) is simply waited for.
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> done, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"Gave up after 60 s (reminder time at {time.GetUtcNow():O}) waiting for: {what}");
            time.Advance(step);
            await Task.Delay(25);
        }
    }
}
