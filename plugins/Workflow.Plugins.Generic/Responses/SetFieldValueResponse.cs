using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>Sets one field of the record the workflow carries to a fixed value (or clears it when no value is given).</summary>
public sealed class SetFieldValueResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "SET_FIELD_VALUE";

    /// <summary>Name of the option holding the field to set.</summary>
    public const string FieldOption = "field";

    /// <summary>Name of the option holding the new value.</summary>
    public const string ValueOption = "value";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Set the value of the %1 field to %2.",
        RecordType: null,
        new ResponseOptionsSchema(
        [
            new ResponseOptionDefinition(FieldOption, ResponseOptionType.FieldName, Required: true)
            {
                Description = "The field to set.",
            },
            new ResponseOptionDefinition(ValueOption, ResponseOptionType.Text)
            {
                Description = "The new value, in invariant text form; leave it empty to clear the field.",
            },
        ]),
        new SetFieldValueResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var field = context.Options.GetText(FieldOption)
            ?? throw new InvalidOperationException($"The '{FieldOption}' option of response {Code} is not set.");
        context.SetFieldValue(field, context.Options.GetText(ValueOption));
        return Task.CompletedTask;
    }
}
