namespace Workflow.Engine.Grains;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable
{
    /// <summary>
    /// Called once when a reminder is due, in a turn of its own. A reminder is removed once this returns without error
    /// (unless the grain registered it again meanwhile); if it throws, it is retried later. A crash between the call and
    /// the removal can deliver it again after restart, so make the work idempotent against the grain's state.
    /// </summary>
    Task ReceiveReminder(string reminderName, ReminderTick tick);
}

/// <summary>When a reminder was due and when it was delivered.</summary>
public readonly record struct ReminderTick(DateTimeOffset DueAt, DateTimeOffset DeliveredAt);
