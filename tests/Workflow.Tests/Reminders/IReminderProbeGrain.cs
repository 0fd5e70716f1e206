using Orleans;

namespace Workflow.Tests.Reminders;

/// <summary>A grain that registers Orleans reminders on request and records their ticks in <see cref="ReminderTickLog"/>.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Remind(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task<bool> HasReminder(string reminderName);
}
