namespace Workflow.Engine.Grains;

/// <summary>
/// Base class of grain implementations, shaped after Orleans' <c>Grain</c>: the runtime creates it on activation (through
/// dependency injection), calls <see cref="OnActivateAsync"/>, runs calls one at a time, and calls
/// <see cref="OnDeactivateAsync"/> when the activation is collected. Deactivation is best effort, so state is written in
/// the call that changes it, never only at deactivation.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;
    private GrainRuntime? _runtime;

    /// <summary>This grain's identity.</summary>
    protected GrainId GrainId => Activation.Id;

    /// <summary>The tenant the grain belongs to.</summary>
    protected string TenantId => Activation.Id.TenantId;

    /// <summary>The grain's key within its type.</summary>
    protected string GrainKey => Activation.Id.Key;

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Runtime;

    /// <summary>The runtime's clock.</summary>
    protected TimeProvider Clock => Runtime.Clock;

    private GrainActivation Activation => _activation ?? throw new InvalidOperationException("The grain is not activated.");
    private GrainRuntime Runtime => _runtime ?? throw new InvalidOperationException("The grain is not activated.");

    internal void Attach(GrainActivation activation, GrainRuntime runtime)
    {
        _activation = activation;
        _runtime = runtime;
    }

    /// <summary>Called once per activation, after the state is loaded and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the activation is collected (idle, memory bound, shutdown). Not called on a crash.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current call completes.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateOnIdleRequested = true;

    /// <summary>
    /// Stores a reminder that calls <see cref="IRemindable.ReceiveReminder"/> at <paramref name="dueAt"/>, on whichever
    /// node finds it due, after a restart too. Registering a name again moves it.
    /// </summary>
    protected Task RegisterOrUpdateReminder(string reminderName, DateTimeOffset dueAt) =>
        Runtime.Reminders.RegisterAsync(GrainId, reminderName, dueAt, CancellationToken.None);

    /// <summary>Removes a reminder; removing one that does not exist does nothing.</summary>
    protected Task UnregisterReminder(string reminderName) =>
        Runtime.Reminders.UnregisterAsync(GrainId, reminderName, CancellationToken.None);

    internal virtual Task LoadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Why an activation ends.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than the collection age.</summary>
    IdleTimeout,
    /// <summary>The node holds more activations than allowed.</summary>
    ActivationLimit,
    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,
    /// <summary>The runtime is stopping.</summary>
    ShuttingDown,
}
