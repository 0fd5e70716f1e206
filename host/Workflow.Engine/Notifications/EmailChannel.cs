using MailKit.Net.Smtp;
using MimeKit;

namespace Workflow.Engine.Notifications;

/// <summary>
/// Delivers notifications as e-mail through the configured SMTP server (MailKit). The Message-Id is made from the
/// delivery id, so a delivery sent again after a crash carries the id of the first.
/// </summary>
public sealed class EmailChannel(SmtpOptions smtp) : INotificationChannel
{
    /// <inheritdoc />
    public NotificationMethod Method => NotificationMethod.Email;

    /// <summary>The Message-Id an e-mail of the delivery carries (without angle brackets).</summary>
    public static string MessageIdFor(NotificationDelivery delivery, string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "workflow.local";
        return $"{delivery.DeliveryId}.{delivery.TenantId}@{domain}";
    }

    /// <inheritdoc />
    public async Task DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(delivery.RecipientEmail))
            throw new InvalidOperationException($"User '{delivery.RecipientUserId}' has no e-mail address: set one on the user (PATCH /api/v1/users/{delivery.RecipientUserId}).");

        var from = MailboxAddress.Parse(smtp.From);
        var message = new MimeMessage
        {
            Subject = delivery.Subject,
            MessageId = MessageIdFor(delivery, from.Address),
            Body = new TextPart("plain") { Text = delivery.Body },
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(delivery.RecipientUserId, delivery.RecipientEmail));
        message.Headers.Add("X-Workflow-Delivery-Id", delivery.DeliveryId);

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("No SMTP host is configured (Notifications:Smtp:Host)."), smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
