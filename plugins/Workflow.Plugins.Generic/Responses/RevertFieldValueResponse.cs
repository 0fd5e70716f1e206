using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>REVERTVALUEFORFIELD</c> response: puts the field's previous value back on the record and keeps
/// the new value with the instance until <see cref="ApplyNewValuesResponse"/> or <see cref="DiscardNewValuesResponse"/>
/// decides its fate, so a change to sensitive master data only takes effect once approved.
/// </summary>
public sealed class RevertFieldValueResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "REVERT_FIELD_VALUE";

    /// <summary>Name of the option holding the field whose change is held.</summary>
    public const string FieldOption = "field";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Revert the value of the %1 field on the record and save the change.",
        RecordType: null,
        new ResponseOptionsSchema(
        [
            new ResponseOptionDefinition(FieldOption, ResponseOptionType.FieldName, Required: true)
            {
                Description = "The field whose change is reverted and saved until it is applied or discarded.",
            },
        ]),
        new RevertFieldValueResponse())
    {
        // Only a record-change event knows the field's previous value to put back: RECORD_CHANGED, the domain plugins'
        // CUSTOMER_CHANGED and the like, and any partner event that declares itself one.
        FollowsRecordChangeEvents = true,
    };

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var field = context.Options.GetText(FieldOption)
            ?? throw new InvalidOperationException($"The '{FieldOption}' option of response {Code} is not set.");
        if (!context.HoldFieldChange(field))
        {
            // Business Central silently does nothing here; the line explains why a later "Apply the new values" finds
            // nothing to apply.
            context.AddHistory($"The {field} field did not change, so there is no change to revert and save.");
        }

        return Task.CompletedTask;
    }
}
