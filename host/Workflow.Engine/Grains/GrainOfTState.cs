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
    private TState? _state = new();
    private byte[]? _packed;

    /// <summary>The state, as last read or written.</summary>
    protected TState State
    {
        get => _state ?? Unpack();
        set => (_state, _packed) = (value, null);
    }

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
        OnStateLoaded();
    }

    /// <summary>
    /// Called whenever the state object has been made from its serialized form (read from storage, or unpacked after the
    /// runtime packed it while the grain was idle), e.g. to share immutable parts between activations.
    /// </summary>
    protected virtual void OnStateLoaded()
    {
    }

    bool IStatefulGrain.CompactState()
    {
        if (_state is null)
            return false;
        using var packed = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(packed, System.IO.Compression.CompressionLevel.Fastest))
            JsonSerializer.Serialize(brotli, _state, GrainStateJson.Options);
        (_packed, _state) = (packed.ToArray(), null);
        return true;
    }

    private TState Unpack()
    {
        using var brotli = new System.IO.Compression.BrotliStream(new MemoryStream(_packed!), System.IO.Compression.CompressionMode.Decompress);
        _state = JsonSerializer.Deserialize<TState>(brotli, GrainStateJson.Options) ?? new TState();
        _packed = null;
        OnStateLoaded();
        return _state;
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

/// <summary>
/// How grain state is stored. Every turn writes the whole state, so it is kept small: nulls are left out, and so are
/// empty collections wherever a freshly constructed object already holds an empty one (reading gives the same value back).
/// </summary>
internal static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { SkipEmptyDefaults } },
    };

    private static void SkipEmptyDefaults(System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        if (type.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || type.CreateObject is null)
            return;
        object fresh;
        try
        {
            fresh = type.CreateObject();
        }
        catch (Exception)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get || property.Set is null || property.PropertyType == typeof(string)
                || get(fresh) is not System.Collections.ICollection { Count: 0 })
                continue;
            property.ShouldSerialize = (_, value) => value is not System.Collections.ICollection { Count: 0 };
        }
    }
}

/// <summary>Lets the runtime reach a stateful grain's storage and state without knowing its state type.</summary>
internal interface IStatefulGrain
{
    void AttachStorage(IGrainStorage storage);

    /// <summary>Packs the state until the next access (the runtime calls it in the grain's turn); false when already packed.</summary>
    bool CompactState();
}
