using Orleans.Runtime;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// Base of the engine's grains: a grain of one tenant whose persisted state is the truth. A call that fails (a refusal,
/// a storage error, a bug) leaves nothing of its turn in memory: the activation is dropped after the call and the next
/// call reads the state as stored. Without that, a retry would see in-memory changes that were never written and answer
/// as if they had been.
/// </summary>
public abstract class TenantGrain<TState>(IPersistentState<TState> state, TimeProvider clock) : Grain, IIncomingGrainCallFilter
    where TState : StateWithSideRows, new()
{
    // Orleans reminders are periodic; a one-shot reminder unregisters itself once handled, and a failed one is tried
    // again one period later.
    private static readonly TimeSpan ReminderRetryPeriod = TimeSpan.FromMinutes(1);

    private (string TenantId, string Key)? _key;

    protected TState State => state.State;

    /// <summary>True once the state has been written (and not cleared).</summary>
    protected bool RecordExists => state.RecordExists;

    protected string TenantId => (_key ??= TenantGrainKey.Parse(this.GetPrimaryKeyString())).TenantId;

    /// <summary>The grain's key within its tenant.</summary>
    protected string GrainKey => (_key ??= TenantGrainKey.Parse(this.GetPrimaryKeyString())).Key;

    protected TimeProvider Clock => clock;

    /// <summary>
    /// Writes the state and <paramref name="sideRows"/> in one transaction; when this returns all of it is durable.
    /// </summary>
    protected async Task WriteStateAsync(WriteBatch? sideRows = null)
    {
        state.State.SideRows = sideRows;
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            state.State.SideRows = null;
        }
    }

    /// <summary>
    /// A reminder that calls <see cref="IRemindable.ReceiveReminder"/> at <paramref name="dueAt"/> on whichever silo owns it,
    /// after restarts too; registering the name again moves it. Call <see cref="ForgetReminderAsync"/> once it is handled.
    /// </summary>
    protected Task RegisterOrUpdateReminder(string reminderName, DateTimeOffset dueAt)
    {
        var dueIn = dueAt - clock.GetUtcNow();
        return this.RegisterOrUpdateReminder(reminderName, dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, ReminderRetryPeriod);
    }

    /// <summary>Removes a reminder; removing one that does not exist does nothing.</summary>
    protected async Task ForgetReminderAsync(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
