using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>SHOWMESSAGE</c> response. A server has no user to show a dialog to, so the message goes into
/// the instance's history, where the user who triggered the event (and everyone after them) can read it.
/// </summary>
public sealed class ShowMessageResponse : IWorkflowResponseHandler
{
    /// <summary>Response code.</summary>
    public const string Code = "SHOW_MESSAGE";

    /// <summary>Name of the option holding the message.</summary>
    public const string MessageOption = "message";

    /// <summary>The response as registered in the catalogue.</summary>
    public static WorkflowResponseDefinition Definition { get; } = new(
        Code,
        "Show message \"%1\".",
        RecordType: null,
        new ResponseOptionsSchema(
        [
            new ResponseOptionDefinition(MessageOption, ResponseOptionType.Text, Required: true)
            {
                Description = "The message to show.",
            },
        ]),
        new ShowMessageResponse());

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var message = context.Options.GetText(MessageOption)
            ?? throw new InvalidOperationException($"The '{MessageOption}' option of response {Code} is not set.");
        context.AddHistory(message);
        return Task.CompletedTask;
    }
}
