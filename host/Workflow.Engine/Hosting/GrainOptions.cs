namespace Workflow.Engine.Hosting;

/// <summary>Grain activation tuning. Bound from the <c>Grains</c> configuration section.</summary>
public sealed class GrainOptions
{
    /// <summary>How long an activation may stay idle before Orleans deactivates it (Orleans' default).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long an activation may stay idle before its state is kept packed (compressed JSON) until its next call, which
    /// unpacks it. <see cref="Timeout.InfiniteTimeSpan"/> turns packing off.
    /// </summary>
    public TimeSpan StateCompactionAge { get; set; } = TimeSpan.FromMinutes(1);
}
