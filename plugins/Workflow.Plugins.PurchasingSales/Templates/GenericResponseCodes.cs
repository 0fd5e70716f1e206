namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Codes of the generic plugin's responses the templates use (record restriction and messages). The templates refer to
/// them by code; the loader checks every template reference against the whole catalogue, so this plugin's templates
/// load only beside the generic plugin, as the host ships them.
/// </summary>
internal static class GenericResponseCodes
{
    /// <summary>"Add record restriction."</summary>
    public const string RestrictRecordUsage = "RESTRICT_RECORD_USAGE";

    /// <summary>"Remove record restriction."</summary>
    public const string AllowRecordUsage = "ALLOW_RECORD_USAGE";

    /// <summary>"Show message "%1"."</summary>
    public const string ShowMessage = "SHOW_MESSAGE";

    /// <summary>"Do nothing."</summary>
    public const string DoNothing = "DO_NOTHING";

    /// <summary>"Create a notification for %1."</summary>
    public const string CreateNotificationEntry = "CREATE_NOTIFICATION_ENTRY";

    /// <summary>Option of <see cref="CreateNotificationEntry"/>: who gets the notification.</summary>
    public const string RecipientUserIdOption = "recipientUserId";

    /// <summary>Option of <see cref="ShowMessage"/>: the text shown.</summary>
    public const string MessageOption = "message";
}
