using System.Text.Json;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Grains;

/// <summary>
/// A grain with persisted state, as Orleans' <c>Grain&lt;TState&gt;</c>. The state is loaded before activation; every
/// write carries the version it read (the ETag), and a write that finds another version throws
/// <see cref="InconsistentStateException"/>, upon which the runtime runs the call again on a fresh activation.
/// </summary>
public abstract class Grain<TState> : Grain, IStatefulGrain where TState : class, new()
{
    private IGrainStorage? _storage;
    private long? _version;

    /// <summary>The state, as last read or written.</summary>
    protected TState State { get; set; } = new();

    /// <summary>The version of the stored state this activation holds; <see langword="null"/> when nothing is stored yet.</summary>
    protected string? Etag => _version?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the state has been written at least once (and not cleared).</summary>
    protected bool RecordExists { get; private set; }

    void IStatefulGrain.AttachStorage(IGrainStorage storage) => _storage = storage;

    internal override Task LoadStateAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    /// <summary>Reads the state from storage, replacing the one in memory.</summary>
    protected async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await Storage.ReadAsync(GrainId, cancellationToken);
        _version = stored?.Version;
        RecordExists = stored?.Payload is not null;
        State = stored?.Payload is { } payload
            ? JsonSerializer.Deserialize<TState>(payload, GrainStateJson.Options) ?? new TState()
            : new TState();
    }

    /// <summary>
    /// Writes the state, and <paramref name="alongside"/> (rows this turn mirrors into side tables) in the same
    /// transaction; when this returns, all of it is durable. On a version conflict nothing is written.
    /// </summary>
    protected async Task WriteStateAsync(WriteBatch? alongside = null, CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.Serialize(State, GrainStateJson.Options);
        _version = await Storage.WriteAsync(GrainId, payload, _version, alongside, cancellationToken);
        RecordExists = true;
    }

    /// <summary>Clears the stored state (keeping its version, so a stale activation elsewhere cannot write over the clear).</summary>
    protected async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        _version = await Storage.ClearAsync(GrainId, _version, null, cancellationToken);
        RecordExists = false;
        State = new TState();
    }

    private IGrainStorage Storage => _storage ?? throw new InvalidOperationException("The grain is not activated.");
}

internal static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>Lets the runtime hand a stateful grain its storage without knowing its state type.</summary>
internal interface IStatefulGrain
{
    void AttachStorage(IGrainStorage storage);
}
