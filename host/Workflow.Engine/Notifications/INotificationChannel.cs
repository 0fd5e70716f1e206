using Workflow.Abstractions;

namespace Workflow.Engine.Notifications;

/// <summary>How a user wants a kind of notification delivered (Business Central's Notification Setup, Notification Method).</summary>
public enum NotificationMethod
{
    /// <summary>Pushed at once to the user's open dashboards over SignalR (kept in their feed for a reconnect).</summary>
    LivePush,

    /// <summary>Sent as an e-mail to the user's address through the configured SMTP server.</summary>
    Email,

    /// <summary>Kept as a note the user reads in the notifications list.</summary>
    Note,
}

/// <summary>
/// One delivery to one user: a single notification entry when the setup says Instantly, or the digest of a period's entries.
/// </summary>
/// <param name="DeliveryId">Stable id of this delivery; a channel that is asked again with the same id delivers nothing new.</param>
/// <param name="TenantId">The recipient's tenant.</param>
/// <param name="RecipientUserId">The recipient.</param>
/// <param name="RecipientEmail">The recipient's e-mail address, when they have one.</param>
/// <param name="EntryType">The kind of notification the entries are.</param>
/// <param name="Subject">A one-line summary.</param>
/// <param name="Body">The text, worded as Business Central words it for the entries' status at dispatch time.</param>
/// <param name="Entries">The notification entries this delivery carries (one, or a digest's).</param>
public sealed record NotificationDelivery(
    string DeliveryId, string TenantId, string RecipientUserId, string? RecipientEmail, NotificationEntryType EntryType,
    string Subject, string Body, IReadOnlyList<NotificationEntry> Entries);

/// <summary>
/// Delivers notifications by one <see cref="NotificationMethod"/>. The dispatcher picks the channel from the recipient's
/// notification setup; a channel throws when delivery failed, and the dispatcher records the reason and retries later.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The method this channel delivers by.</summary>
    NotificationMethod Method { get; }

    /// <summary>Delivers, or throws with the reason it could not.</summary>
    Task DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken);
}
