using Workflow.Engine.Notifications;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Live;

/// <summary>
/// Notifications by live push: the delivery goes into the recipient's feed as a <see cref="FeedMessageType.Notification"/>
/// message (stored, so a dashboard closed now reads it when it connects again), then to their open dashboards. The
/// message id is derived from the delivery id: the dispatcher asking again adds nothing.
/// </summary>
public sealed class LivePushChannel(GroupCommit commits, IGrainFactory grains, TimeProvider clock) : INotificationChannel
{
    public NotificationMethod Method => NotificationMethod.LivePush;

    public async Task DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var first = delivery.Entries.Count > 0 ? delivery.Entries[0] : null;
        // The entries a delivery carries are fixed by its id, so their newest is as stable a time as the id.
        var causedAt = delivery.Entries.Count > 0 ? delivery.Entries.Max(e => e.CreatedAt) : DateTimeOffset.UnixEpoch;
        var message = new FeedMessage(0, FeedMessage.IdOf(causedAt, $"notification:{delivery.DeliveryId}"), FeedMessageType.Notification, clock.GetUtcNow(),
            delivery.TenantId, delivery.RecipientUserId, first?.RecordType ?? "", first?.RecordId ?? "", first?.InstanceId, null,
            delivery.EntryType.ToString(), null, first?.CreatedBy, first?.InstanceId, null, delivery.Subject, delivery.Body);
        var batch = new WriteBatch();
        var numbered = UserFeed.Add(batch, [message]);
        await commits.CommitAsync(batch, cancellationToken);
        grains.PushFeeds(numbered);
    }
}
