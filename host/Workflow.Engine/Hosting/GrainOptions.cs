namespace Workflow.Engine.Hosting;

/// <summary>Grain activation tuning. Bound from the <c>Grains</c> configuration section.</summary>
public sealed class GrainOptions
{
    /// <summary>How long an activation may stay idle before Orleans deactivates it (Orleans' default).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);
}
