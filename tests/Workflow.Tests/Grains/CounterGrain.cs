using Workflow.Engine.Grains;

namespace Workflow.Tests.Grains;

public interface ICounterGrain : IGrain
{
    Task<int> Increment();
    Task<int> GetCount();
    Task<int> GetOverlappingTurns();
    Task RemindAt(DateTimeOffset dueAt);
    Task<int> GetRemindersReceived();
    Task Fail();
}

public sealed class CounterState
{
    public int Count { get; set; }
    public int RemindersReceived { get; set; }
}

/// <summary>A persisted counter that also notices if two of its turns ever overlap.</summary>
public sealed class CounterGrain(ActivationLog log) : Grain<CounterState>, ICounterGrain, IRemindable
{
    private int _inTurn;
    private int _overlappingTurns;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(GrainKey);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Deactivated(GrainKey, reason);
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        if (Interlocked.Exchange(ref _inTurn, 1) == 1)
            _overlappingTurns++;
        var before = State.Count;
        await Task.Yield(); // a turn that awaits must still not interleave with another call
        State.Count = before + 1;
        await WriteStateAsync();
        Volatile.Write(ref _inTurn, 0);
        return State.Count;
    }

    public Task<int> GetCount() => Task.FromResult(State.Count);

    public Task<int> GetOverlappingTurns() => Task.FromResult(_overlappingTurns);

    public Task RemindAt(DateTimeOffset dueAt) => RegisterOrUpdateReminder("ping", dueAt);

    public Task<int> GetRemindersReceived() => Task.FromResult(State.RemindersReceived);

    public Task Fail() => throw new InvalidOperationException("grain method failed");

    public async Task ReceiveReminder(string reminderName, ReminderTick tick)
    {
        State.RemindersReceived++;
        await WriteStateAsync();
    }
}

/// <summary>Records activations and deactivations across all counter grains of a node.</summary>
public sealed class ActivationLog
{
    private int _activations;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Key, DeactivationReason Reason)> _deactivations = new();

    public int Activations => Volatile.Read(ref _activations);
    public IReadOnlyCollection<(string Key, DeactivationReason Reason)> Deactivations => _deactivations;

    public void Activated(string key) => Interlocked.Increment(ref _activations);
    public void Deactivated(string key, DeactivationReason reason) => _deactivations.Enqueue((key, reason));
}

public interface IFailingActivationGrain : IGrain
{
    Task<string> Ping();
}

/// <summary>Fails its first activation, as a grain whose state cannot be loaded would.</summary>
public sealed class FailingActivationGrain(ActivationLog log) : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(GrainKey);
        if (log.Activations == 1)
            throw new InvalidOperationException("activation failed");
        return Task.CompletedTask;
    }

    public Task<string> Ping() => Task.FromResult("pong");
}
