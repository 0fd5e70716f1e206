using Orleans;
using Workflow.Engine.Grains;
using Workflow.Engine.Storage;

namespace Workflow.Tests.Grains;

[Alias("test.counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> GetCount();
    Task<int> GetOverlappingTurns();

    /// <summary>Changes the state in memory, then fails before writing it.</summary>
    Task FailAfterChange();
}

public sealed class CounterState : StateWithSideRows
{
    public int Count { get; set; }
}

/// <summary>A persisted counter that also notices if two of its turns ever overlap.</summary>
[GrainType("test-counter")]
public sealed class CounterGrain([PersistentState("state", WorkflowGrainStorage.Name)] IPersistentState<CounterState> state, TimeProvider clock)
    : TenantGrain<CounterState>(state, clock), ICounterGrain
{
    private int _inTurn;
    private int _overlappingTurns;

    public async Task<int> Increment()
    {
        if (Interlocked.Increment(ref _inTurn) > 1)
            Interlocked.Increment(ref _overlappingTurns);
        try
        {
            State.Count++;
            await WriteStateAsync();
            return State.Count;
        }
        finally
        {
            Interlocked.Decrement(ref _inTurn);
        }
    }

    public Task<int> GetCount() => Task.FromResult(State.Count);

    public Task<int> GetOverlappingTurns() => Task.FromResult(_overlappingTurns);

    public Task FailAfterChange()
    {
        State.Count += 1000;
        throw new InvalidOperationException("failed after changing the state in memory");
    }
}
