using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>DISCARDNEWVALUES</c> response: drops the values held by <see cref="RevertFieldValueResponse"/>,
/// so the record keeps its previous values (typically after a rejected approval).
/// </summary>
public sealed class DiscardNewValuesResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "DISCARD_NEW_VALUES";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Discard the new values.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new DiscardNewValuesResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        context.DiscardHeldChanges();
        return Task.CompletedTask;
    }
}
