using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Workflow.Abstractions;
using Workflow.Engine.Metrics;

namespace Workflow.Engine.Notifications;

/// <summary>
/// Delivers notification entries by their recipient's setup (Business Central's Notification Entry Dispatcher). Each
/// pass first schedules new entries (when, how, and which delivery carries them: the entry alone for Instantly, one
/// digest per recipient, type and period otherwise), then delivers what is due, recipient by recipient under a lease in
/// the database, so only one node delivers a recipient's entries at a time.
/// </summary>
/// <remarks>
/// Delivery is at least once. A node that dies between the channel accepting a delivery and the entries being marked
/// sent leaves them for the next node once its lease runs out, which delivers them again with the same
/// <see cref="NotificationDelivery.DeliveryId"/> (derived from the delivery and the exact entries it carries): the
/// e-mail keeps its Message-Id, so the duplicate is recognisable, and a channel that remembers ids drops it.
/// </remarks>
public sealed class NotificationDispatcher(
    NotificationStore store,
    NotificationSetupStore setups,
    IEnumerable<INotificationChannel> channels,
    NotificationOptions options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger)
{
    private const int BatchSize = 500;
    private readonly IReadOnlyDictionary<NotificationMethod, INotificationChannel> _channels =
        channels.GroupBy(c => c.Method).ToDictionary(g => g.Key, g => g.Last());

    private IReadOnlyList<NotificationMethod> _methods => [.. _channels.Keys];

    /// <summary>Schedules new entries and delivers every one whose time has come; returns how many deliveries went out.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await ScheduleNewAsync(cancellationToken);
        var sent = 0;
        var now = clock.GetUtcNow();
        // Each pass holds leases of its own: two passes of one node exclude each other as two nodes' do.
        var owner = Guid.NewGuid().ToString("N");
        foreach (var (tenantId, recipient) in await store.ListDueRecipientsAsync(now, _methods, BatchSize, cancellationToken))
        {
            if (!await store.TryLeaseAsync(tenantId, recipient, owner, now, now + options.LeaseDuration, cancellationToken))
                continue;
            try
            {
                sent += await DeliverForAsync(tenantId, recipient, cancellationToken);
            }
            finally
            {
                await store.ReleaseLeaseAsync(tenantId, recipient, owner, CancellationToken.None);
            }
        }
        return sent;
    }

    private async Task ScheduleNewAsync(CancellationToken cancellationToken)
    {
        var setupCache = new Dictionary<(string, string), IReadOnlyList<NotificationSetup>>();
        var scheduled = new List<(UnscheduledNotification, DateTimeOffset, NotificationMethod, string)>();
        foreach (var entry in await store.ListUnscheduledAsync(BatchSize, cancellationToken))
        {
            if (!setupCache.TryGetValue((entry.TenantId, entry.RecipientUserId), out var userSetups))
                setupCache[(entry.TenantId, entry.RecipientUserId)] = userSetups = await setups.GetAsync(entry.TenantId, entry.RecipientUserId, cancellationToken);
            var setup = userSetups.Single(s => s.NotificationType == entry.EntryType);
            var due = setup.DueFor(entry.CreatedAt, entry.SendNow);
            var instant = entry.SendNow || setup.Recurrence == NotificationRecurrence.Instantly;
            var deliveryId = instant
                ? $"entry:{entry.EntryId}"
                : $"digest:{entry.RecipientUserId}:{entry.EntryType}:{due.ToUnixTimeMilliseconds()}";
            scheduled.Add((entry, due, setup.Method, deliveryId));
        }
        await store.ScheduleAsync(scheduled, cancellationToken);
    }

    private async Task<int> DeliverForAsync(string tenantId, string recipient, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await store.ListDueAsync(tenantId, recipient, now, _methods, cancellationToken);

        // Business Central deletes approval notifications whose approval entry is gone; they are kept here, not sent.
        var outdated = due.Where(d => d.Entry is { EntryType: NotificationEntryType.Approval, ApprovalEntryNo: not null } && d.ApprovalStatus is null).ToList();
        if (outdated.Count > 0)
            await store.MarkOutdatedAsync(tenantId, outdated.Select(d => d.Entry.EntryId).ToList(), "The approval entry it is about no longer exists.", cancellationToken);

        var sent = 0;
        foreach (var group in due.Except(outdated).GroupBy(d => d.DeliveryId))
        {
            var items = group.ToList();
            var entryIds = items.Select(d => d.Entry.EntryId).ToList();
            var method = items[0].Method;
            try
            {
                if (!_channels.TryGetValue(method, out var channel))
                    throw new NotificationChannelMissingException(method);
                var (subject, body) = NotificationText.For(items.Select(d => (d.Entry, d.ApprovalStatus)).ToList());
                var email = method == NotificationMethod.Email ? await setups.EmailAddressAsync(tenantId, recipient, cancellationToken) : null;
                var delivery = new NotificationDelivery(DeliveryIdFor(tenantId, group.Key, entryIds), tenantId, recipient, email, items[0].Entry.EntryType,
                    subject, body, items.Select(d => d.Entry).ToList());
                await channel.DeliverAsync(delivery, cancellationToken);
                await store.MarkSentAsync(tenantId, entryIds, body, clock.GetUtcNow(), CancellationToken.None);
                EngineMetrics.NotificationDelivery(method.ToString(), sent: true);
                sent++;
            }
            catch (NotificationChannelMissingException missing)
            {
                // Trying again cannot help until a server with the channel runs: the failure is recorded once, with its
                // reason, and the entries wait for such a server (the due entries of a method a node has include them).
                logger.LogWarning("{Count} notification(s) to {Recipient} in {Tenant} cannot be delivered here: {Reason} They are kept as Failed, not retried by this server",
                    items.Count, recipient, tenantId, missing.Message);
                await store.MarkFailedAsync(tenantId, entryIds, missing.Message, nextAttempt: null, CancellationToken.None);
                EngineMetrics.NotificationDelivery(method.ToString(), sent: false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var attempts = items.Max(d => d.Attempts) + 1;
                var next = clock.GetUtcNow() + RetryDelay(attempts);
                logger.LogWarning(exception, "Delivering {Count} notification(s) to {Recipient} in {Tenant} by {Method} failed (attempt {Attempt}); next attempt at {Next}",
                    items.Count, recipient, tenantId, method, attempts, next);
                await store.MarkFailedAsync(tenantId, entryIds, exception.Message, next, CancellationToken.None);
                EngineMetrics.NotificationDelivery(method.ToString(), sent: false);
            }
        }
        return sent;
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failure: the retry delay doubled per failure, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryDelay.Ticks * factor, options.MaxRetryDelay.Ticks));
        return delay;
    }

    /// <summary>
    /// The delivery and the exact entries it carries: the same on every retry and every node; an entry joining a digest
    /// late (scheduled after its period went out) makes a new id, so it is not taken for a duplicate.
    /// </summary>
    private static string DeliveryIdFor(string tenantId, string deliveryKey, IEnumerable<string> entryIds)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{deliveryKey}\n{string.Join('\n', entryIds.Order(StringComparer.Ordinal))}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

/// <summary>No channel delivers by the method the recipient's setup asks for: recorded as the entries' failure.</summary>
public sealed class NotificationChannelMissingException(NotificationMethod method)
    : Exception(method == NotificationMethod.Email
        ? "No channel delivers Email notifications on this server: no SMTP server is configured (Notifications:Smtp:Host)."
        : $"No channel delivers {method} notifications on this server.");
