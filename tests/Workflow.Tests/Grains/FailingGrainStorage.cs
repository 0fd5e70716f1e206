using Orleans.Runtime;
using Orleans.Storage;

namespace Workflow.Tests.Grains;

/// <summary>
/// The engine's grain storage with a fault switch: while armed for a grain type, that type's writes fail the way a
/// database outage makes them fail (after nothing was written), and every other write goes through.
/// </summary>
public sealed class FailingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Fails(grainId)
            ? throw new System.Data.DataException($"Injected storage failure writing {grainId}.")
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Fails(grainId)
            ? throw new System.Data.DataException($"Injected storage failure clearing {grainId}.")
            : inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>Which grain types' writes fail now.</summary>
public sealed class StorageFaults
{
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    public void FailWritesOf(string grainType)
    {
        lock (_failing)
            _failing.Add(grainType);
    }

    public void Heal()
    {
        lock (_failing)
            _failing.Clear();
    }

    public bool Fails(GrainId grainId)
    {
        lock (_failing)
            return _failing.Contains(grainId.Type.ToString()!);
    }
}
