using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>Persists grain state with optimistic concurrency: every write names the version it expects to replace.</summary>
public interface IGrainStorage
{
    /// <summary>The stored state and its version, or <see langword="null"/> when nothing was ever stored.</summary>
    Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state if storage still holds <paramref name="expectedVersion"/>, together with <paramref name="alongside"/>
    /// (rows the grain mirrors elsewhere) in one transaction; returns the new version once all of it is durable.
    /// </summary>
    /// <exception cref="InconsistentStateException">Storage holds another version; nothing was written.</exception>
    Task<long> WriteAsync(GrainId grainId, string payload, long? expectedVersion, WriteBatch? alongside, CancellationToken cancellationToken);

    /// <summary>Clears the state if storage still holds <paramref name="expectedVersion"/>; returns the new version.</summary>
    /// <exception cref="InconsistentStateException">Storage holds another version.</exception>
    Task<long> ClearAsync(GrainId grainId, long? expectedVersion, WriteBatch? alongside, CancellationToken cancellationToken);
}

/// <summary>A grain's stored state: the serialized payload (null once cleared) and its version.</summary>
public sealed record StoredGrainState(string? Payload, long Version);
