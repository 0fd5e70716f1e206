namespace Workflow.Engine.Grains;

/// <summary>Tuning of the grain runtime. Bound from the <c>Grains</c> configuration section.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long an activation may stay idle before it is deactivated (Orleans' CollectionAge; same default).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long an activation may stay idle before its state is kept packed (compressed JSON) until its next call, which
    /// unpacks it. Approvals wait for people for hours: the activation stays warm at a fraction of its memory.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns packing off.
    /// </summary>
    public TimeSpan StateCompactionAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often idle activations are looked for (Orleans' CollectionQuantum).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound of activations on this node; past it the least recently used idle ones are deactivated.</summary>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>How often the reminder table is polled for due reminders.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a node owns a due reminder while delivering it; another node takes it over after that.</summary>
    public TimeSpan ReminderLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before a reminder whose delivery failed is tried again.</summary>
    public TimeSpan ReminderRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a call is run again after version conflicts before the conflict is reported to the caller.</summary>
    public int MaxConflictRetries { get; set; } = 200;

    /// <summary>Name of this node in reminder leases and logs.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}
