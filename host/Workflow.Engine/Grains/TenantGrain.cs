using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Workflow.Engine.Hosting;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// Base of the engine's grains: a grain of one tenant whose persisted state is the truth. A call that fails (a refusal,
/// a storage error, a bug) leaves nothing of its turn in memory: the activation is dropped after the call and the next
/// call reads the state as stored. Without that, a retry would see in-memory changes that were never written and answer
/// as if they had been. An activation idle for <see cref="GrainOptions.StateCompactionAge"/> keeps its state packed
/// (compressed JSON) until its next call: approvals wait for people for hours, and a packed state is a fraction of a live one.
/// </summary>
public abstract class TenantGrain<TState>(IPersistentState<TState> state, TimeProvider clock) : Grain, IIncomingGrainCallFilter
    where TState : StateWithSideRows, new()
{
    // Orleans reminders are periodic; a one-shot reminder unregisters itself once handled, and a failed one is tried
    // again one period later.
    private static readonly TimeSpan ReminderRetryPeriod = TimeSpan.FromMinutes(1);
    private static readonly System.Diagnostics.Metrics.Counter<long> StatesPacked =
        GrainMetrics.Meter.CreateCounter<long>("workflow.grains.states_packed", description: "Idle activations that packed their state");

    private (string TenantId, string Key)? _key;
    private byte[]? _packed;
    private IGrainTimer? _packTimer;

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

    /// <summary>Deletes the stored state (the grain is as if it had never been written), writing <paramref name="sideRows"/> in the same transaction.</summary>
    protected async Task ClearStateAsync(WriteBatch? sideRows = null)
    {
        state.State.SideRows = sideRows;
        try
        {
            await state.ClearStateAsync();
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        OnStateLoaded();
        return Task.CompletedTask;
    }

    /// <summary>Called whenever the state object has been made from its stored form (activation, unpacking).</summary>
    protected virtual void OnStateLoaded()
    {
    }

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        // Timer ticks come through here too; only calls on the grain's own interfaces (and reminders) use its state.
        if (context.InterfaceMethod?.DeclaringType is not { } called || !called.IsAssignableFrom(GetType()))
        {
            await context.Invoke();
            return;
        }
        Unpack();
        try
        {
            await context.Invoke();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        SchedulePacking();
    }

    private void SchedulePacking()
    {
        var age = ServiceProvider.GetService<GrainOptions>()?.StateCompactionAge ?? Timeout.InfiniteTimeSpan;
        if (age == Timeout.InfiniteTimeSpan || !state.RecordExists)
            return;
        // One tick after the last call; a call before it moves it on. Not keeping the activation alive: idle collection
        // still takes it.
        if (_packTimer is null)
            _packTimer = this.RegisterGrainTimer(_ => PackAsync(), new GrainTimerCreationOptions(age, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        else
            _packTimer.Change(age, Timeout.InfiniteTimeSpan);
    }

    private Task PackAsync()
    {
        if (_packed is null && state.RecordExists)
        {
            using var packed = new MemoryStream();
            using (var brotli = new BrotliStream(packed, CompressionLevel.Fastest))
                JsonSerializer.Serialize(brotli, state.State, GrainStateJson.Options);
            _packed = packed.ToArray();
            state.State = new TState();
            StatesPacked.Add(1);
        }
        return Task.CompletedTask;
    }

    private void Unpack()
    {
        if (_packed is null)
            return;
        using var brotli = new BrotliStream(new MemoryStream(_packed), CompressionMode.Decompress);
        state.State = JsonSerializer.Deserialize<TState>(brotli, GrainStateJson.Options) ?? new TState();
        _packed = null;
        OnStateLoaded();
    }
}

/// <summary>The engine's own grain metrics, beside Orleans' (meter <c>Workflow.Grains</c>).</summary>
public static class GrainMetrics
{
    public static readonly System.Diagnostics.Metrics.Meter Meter = new("Workflow.Grains");
}
