using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Workflow.Tests.Reminders;

/// <summary>
/// The ticks one silo delivered. A test keeps the instance it registered, since every silo host has its own container.
/// </summary>
public sealed class ReminderTickLog
{
    private readonly ConcurrentQueue<(string GrainKey, string ReminderName, TickStatus Status)> _ticks = new();

    public void Add(string grainKey, string reminderName, TickStatus status) => _ticks.Enqueue((grainKey, reminderName, status));

    public IReadOnlyList<TickStatus> TicksOf(string grainKey, string reminderName) =>
        _ticks.Where(t => t.GrainKey == grainKey && t.ReminderName == reminderName).Select(t => t.Status).ToList();
}
