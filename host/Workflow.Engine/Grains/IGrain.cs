namespace Workflow.Engine.Grains;

/// <summary>
/// Marker for grain interfaces. Every method of a grain interface returns <see cref="Task"/> or <see cref="Task{TResult}"/>;
/// calls go through the grain runtime, which activates the grain if needed and runs one call at a time.
/// </summary>
public interface IGrain;
