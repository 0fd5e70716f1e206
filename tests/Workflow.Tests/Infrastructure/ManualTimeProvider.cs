using Microsoft.Extensions.Time.Testing;

namespace Workflow.Tests.Infrastructure;

/// <summary>
/// The engine's clock in tests that move time by hand: <see cref="FakeTimeProvider.Advance"/> fires the timers due by
/// then, which is how Orleans' reminders (on this clock) see deadlines pass. Orleans' own timing stays on real time.
/// </summary>
public sealed class ManualTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
