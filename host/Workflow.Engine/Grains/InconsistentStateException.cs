namespace Workflow.Engine.Grains;

/// <summary>
/// A grain state write found another version in storage than the one the activation read: another activation (on this
/// node or another) wrote first. The runtime drops the activation and runs the call again on fresh state.
/// </summary>
public sealed class InconsistentStateException(GrainId grainId, long? expectedVersion)
    : Exception($"Version conflict writing the state of {grainId}: expected version {expectedVersion?.ToString() ?? "none"}, storage has another.")
{
    public GrainId GrainId { get; } = grainId;
}
