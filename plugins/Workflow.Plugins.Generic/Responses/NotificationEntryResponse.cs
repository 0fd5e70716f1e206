using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Responses;

/// <summary>
/// Business Central's <c>CREATENOTIFICATIONENTRY</c> response ("Create a notification for &lt;User&gt;"), plus its
/// send-at-once variant. One class serves both so they cannot drift apart on options or on who gets notified; they
/// differ only in whether the notification waits for the recipient's notification schedule.
/// </summary>
public sealed class NotificationEntryResponse : IWorkflowResponseHandler
{
    /// <summary>Code of the response that creates a notification delivered by the recipient's schedule.</summary>
    public const string CreateCode = "CREATE_NOTIFICATION_ENTRY";

    /// <summary>Code of the response that sends the notification at once.</summary>
    public const string SendCode = "SEND_NOTIFICATION";

    /// <summary>Name of the option that notifies the user who started the instance.</summary>
    public const string NotifySenderOption = "notifySender";

    /// <summary>Name of the option holding the user to notify.</summary>
    public const string RecipientUserIdOption = "recipientUserId";

    /// <summary>Name of the option holding the notification entry type.</summary>
    public const string EntryTypeOption = "entryType";

    /// <summary>Name of the option holding the notification's text.</summary>
    public const string MessageOption = "message";

    /// <summary>Option value of <see cref="NotificationEntryType.NewRecord"/>.</summary>
    public const string NewRecordValue = "New Record";

    /// <summary>Option value of <see cref="NotificationEntryType.Approval"/>.</summary>
    public const string ApprovalValue = "Approval";

    /// <summary>Option value of <see cref="NotificationEntryType.Overdue"/>.</summary>
    public const string OverdueValue = "Overdue";

    // Business Central's response option group 3, less the link options: a notification here carries its message.
    private static readonly ResponseOptionsSchema OptionsSchema = new(
    [
        new ResponseOptionDefinition(NotifySenderOption, ResponseOptionType.Boolean)
        {
            Description = "Notify the user whose event started the workflow instance instead of a fixed recipient.",
        },
        new ResponseOptionDefinition(RecipientUserIdOption, ResponseOptionType.UserId)
        {
            Description = "The user to notify, when the sender is not notified.",
        },
        new ResponseOptionDefinition(EntryTypeOption, ResponseOptionType.Option)
        {
            Description = "The kind of notification; the recipient's notification setup for that kind decides how and when it is delivered.",
            AllowedValues = [NewRecordValue, ApprovalValue, OverdueValue],
            DefaultValue = NewRecordValue,
        },
        new ResponseOptionDefinition(MessageOption, ResponseOptionType.Text)
        {
            Description = "What the notification says; by default it names the record and asks for the recipient's attention.",
        },
    ]);

    private readonly bool _sendNow;

    private NotificationEntryResponse(bool sendNow) => _sendNow = sendNow;

    /// <summary>"Create a notification for %1.": delivered according to the recipient's notification schedule.</summary>
    public static WorkflowResponseDefinition CreateNotificationEntry { get; } = new(
        CreateCode,
        "Create a notification for %1.",
        RecordType: null,
        OptionsSchema,
        new NotificationEntryResponse(sendNow: false));

    /// <summary>"Send a notification to %1 now.": delivered at once, whatever the recipient's notification schedule.</summary>
    public static WorkflowResponseDefinition SendNotification { get; } = new(
        SendCode,
        "Send a notification to %1 now.",
        RecordType: null,
        OptionsSchema,
        new NotificationEntryResponse(sendNow: true));

    /// <summary>The text used when a step sets no message, e.g. "Purchase invoice 1001 needs your attention.".</summary>
    public static string DefaultMessageFor(WorkflowRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        // The context carries the record type's code, not its description: PURCHASE_INVOICE reads as "Purchase invoice".
        var words = record.RecordType.Replace('_', ' ').Trim().ToLowerInvariant();
        var typeName = words.Length == 0 ? "Record" : char.ToUpperInvariant(words[0]) + words[1..];
        return $"{typeName} {record.RecordId} needs your attention.";
    }

    /// <inheritdoc />
    public IEnumerable<string> ValidateOptions(WorkflowResponseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var notifySender = options.GetBoolean(NotifySenderOption);
        var hasRecipient = options.GetText(RecipientUserIdOption) is not null;

        // Business Central requires a recipient or Notify Sender, and setting Notify Sender clears the recipient.
        if (!notifySender && !hasRecipient)
        {
            yield return $"Set '{RecipientUserIdOption}' or set '{NotifySenderOption}' to true: the notification needs a recipient.";
        }
        else if (notifySender && hasRecipient)
        {
            yield return $"Set either '{RecipientUserIdOption}' or '{NotifySenderOption}', not both: the notification has one recipient.";
        }
    }

    /// <inheritdoc />
    public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var options = context.Options;
        var message = options.GetText(MessageOption) ?? DefaultMessageFor(context.Record);
        context.CreateNotification(RecipientFor(context), EntryTypeFrom(options), message, _sendNow);
        return Task.CompletedTask;
    }

    private static string RecipientFor(WorkflowResponseContext context)
    {
        if (context.Options.GetBoolean(NotifySenderOption))
        {
            return context.SenderUserId
                ?? throw new InvalidOperationException(
                    $"The step notifies the sender, but workflow instance {context.InstanceId} has no sender: the event that started it was not raised by a user.");
        }

        return context.Options.GetText(RecipientUserIdOption)
            ?? throw new InvalidOperationException($"The '{RecipientUserIdOption}' option is not set and the step does not notify the sender.");
    }

    private static NotificationEntryType EntryTypeFrom(WorkflowResponseOptions options)
    {
        var value = options.GetText(EntryTypeOption);

        // Option values compare case-insensitively, as the schema check accepts them.
        if (string.Equals(value, NewRecordValue, StringComparison.OrdinalIgnoreCase))
            return NotificationEntryType.NewRecord;
        if (string.Equals(value, ApprovalValue, StringComparison.OrdinalIgnoreCase))
            return NotificationEntryType.Approval;
        if (string.Equals(value, OverdueValue, StringComparison.OrdinalIgnoreCase))
            return NotificationEntryType.Overdue;
        throw new InvalidOperationException(
            $"'{value}' is not a notification entry type; the '{EntryTypeOption}' option takes {NewRecordValue}, {ApprovalValue} or {OverdueValue}.");
    }
}
