using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>DONOTHING</c> response: a placeholder for a branch where an event only needs to be consumed,
/// such as the "success" branch of a workflow that reacts to failures.
/// </summary>
public sealed class DoNothingResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "DO_NOTHING";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Do nothing.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new DoNothingResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }
}
