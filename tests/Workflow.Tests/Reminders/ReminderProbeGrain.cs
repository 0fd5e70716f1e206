using Orleans;
using Orleans.Runtime;

namespace Workflow.Tests.Reminders;

/// <summary>Registers reminders for the tests and logs every tick it receives.</summary>
public sealed class ReminderProbeGrain(ReminderTickLog log) : Grain, IReminderProbeGrain, IRemindable
{
    public Task Remind(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task<bool> HasReminder(string reminderName) => await this.GetReminder(reminderName) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Add(this.GetPrimaryKeyString(), reminderName, status);
        return Task.CompletedTask;
    }
}
