namespace Workflow.Engine.Grains;

/// <summary>
/// One in-memory activation of a grain. Its turn lock makes calls run one at a time (non-reentrant, like Orleans'
/// default); <see cref="PendingCalls"/> tells the collector that callers are queued, so a busy activation is never collected.
/// </summary>
internal sealed class GrainActivation(GrainId id, GrainTypeRegistration type)
{
    private long _lastActiveMs;
    private int _pendingCalls;

    public GrainId Id { get; } = id;
    public GrainTypeRegistration Type { get; } = type;
    public SemaphoreSlim TurnLock { get; } = new(1, 1);
    public Grain? Instance { get; set; }
    public ActivationStatus Status { get; set; } = ActivationStatus.Created;
    public bool DeactivateOnIdleRequested { get; set; }

    public int PendingCalls => Volatile.Read(ref _pendingCalls);
    public long LastActiveMs => Interlocked.Read(ref _lastActiveMs);

    public void Enter() => Interlocked.Increment(ref _pendingCalls);
    public void Leave() => Interlocked.Decrement(ref _pendingCalls);
    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActiveMs, now.ToUnixTimeMilliseconds());
}

internal enum ActivationStatus
{
    /// <summary>In the directory; the first call activates it.</summary>
    Created,
    /// <summary>Activated and serving calls.</summary>
    Valid,
    /// <summary>Gone from the directory; callers still holding it go back and find or make a new one.</summary>
    Deactivated,
}
