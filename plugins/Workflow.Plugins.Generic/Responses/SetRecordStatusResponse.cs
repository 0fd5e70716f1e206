using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Sets the record's <c>Status</c> field, the generic form of Business Central's "Set document status to Pending
/// Approval.", "Release the document." and "Reopen the document." for record types that have a status.
/// </summary>
public sealed class SetRecordStatusResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "SET_RECORD_STATUS";

    /// <summary>Name of the option holding the new status.</summary>
    public const string StatusOption = "status";

    /// <summary>The field the response sets.</summary>
    public const string StatusField = "Status";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Set the record status to %1.",
        RecordType: null,
        new ResponseOptionsSchema(
        [
            new ResponseOptionDefinition(StatusOption, ResponseOptionType.Text, Required: true)
            {
                Description = "The new status, e.g. Pending Approval, Released or Open.",
            },
        ]),
        new SetRecordStatusResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var status = context.Options.GetText(StatusOption)
            ?? throw new InvalidOperationException($"The '{StatusOption}' option of response {Code} is not set.");
        context.SetFieldValue(StatusField, status);
        return Task.CompletedTask;
    }
}
