using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>APPLYNEWVALUES</c> response: writes the values held by <see cref="RevertFieldValueResponse"/>
/// back to the record, all of them or those of one field.
/// </summary>
public sealed class ApplyNewValuesResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "APPLY_NEW_VALUES";

    /// <summary>Name of the option holding the one field whose held change is applied.</summary>
    public const string FieldOption = "field";

    /// <summary>Name of the option that applies every held change, whatever <see cref="FieldOption"/> says.</summary>
    public const string ApplyAllNewValuesOption = "applyAllNewValues";

    /// <summary>History line when there was nothing to apply (Business Central's message).</summary>
    public const string NothingAppliedMessage = "No record changes exist to apply the saved values to using the current options.";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Apply the new values.",
        RecordType: null,
        new ResponseOptionsSchema(
        [
            new ResponseOptionDefinition(ApplyAllNewValuesOption, ResponseOptionType.Boolean)
            {
                Description = "Apply every saved change; set it to false to apply only the change of the field below.",
                DefaultValue = "true",
            },
            new ResponseOptionDefinition(FieldOption, ResponseOptionType.FieldName)
            {
                Description = "The field whose saved change is applied when not all new values are applied.",
            },
        ]),
        new ApplyNewValuesResponse());

    /// <inheritdoc />
    public IEnumerable<string> ValidateOptions(WorkflowResponseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.GetBoolean(ApplyAllNewValuesOption) && options.GetText(FieldOption) is null)
        {
            yield return $"Set '{FieldOption}' when '{ApplyAllNewValuesOption}' is false: it names the field whose new value is applied.";
        }
    }

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var field = context.Options.GetBoolean(ApplyAllNewValuesOption)
            ? null
            : context.Options.GetText(FieldOption)
                ?? throw new InvalidOperationException($"The '{FieldOption}' option of response {Code} is not set and not all new values are applied.");

        // Business Central only informs the user here rather than failing: an approved change that was overtaken by
        // another one must not stop the rest of the workflow.
        if (context.ApplyHeldChanges(field) == 0)
        {
            context.AddHistory(NothingAppliedMessage);
        }

        return Task.CompletedTask;
    }
}
