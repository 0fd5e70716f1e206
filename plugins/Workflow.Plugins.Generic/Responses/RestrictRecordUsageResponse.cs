using System.Globalization;
using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>RESTRICTRECORDUSAGE</c> response: blocks the record from being changed by users until a later
/// step (typically after approval) runs <see cref="AllowRecordUsageResponse"/>.
/// </summary>
public sealed class RestrictRecordUsageResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "RESTRICT_RECORD_USAGE";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Add record restriction.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new RestrictRecordUsageResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        context.RestrictRecordUsage(DetailsFor(context));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The restriction's details, worded like Business Central's "The restriction was imposed by the %1 workflow, %2.".
    /// The instance and step stand in for Business Central's workflow description because they say which run to look
    /// at when a user asks why the record is blocked.
    /// </summary>
    public static string DetailsFor(WorkflowResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.Format(
            CultureInfo.InvariantCulture,
            "The restriction was imposed by the {0} workflow, step {1} of instance {2}.",
            context.WorkflowCode,
            context.StepId,
            context.InstanceId);
    }
}
