using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>ALLOWRECORDUSAGE</c> response: lifts the restriction the instance put on the record with
/// <see cref="RestrictRecordUsageResponse"/>.
/// </summary>
public sealed class AllowRecordUsageResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "ALLOW_RECORD_USAGE";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Remove record restriction.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new AllowRecordUsageResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        context.AllowRecordUsage();
        return Task.CompletedTask;
    }
}
