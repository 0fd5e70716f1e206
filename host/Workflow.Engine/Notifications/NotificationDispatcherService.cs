using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Hosting;

namespace Workflow.Engine.Notifications;

/// <summary>
/// Runs the <see cref="NotificationDispatcher"/> every poll interval on every node; the dispatcher's leases keep nodes
/// from delivering the same recipient's entries at once.
/// </summary>
public sealed class NotificationDispatcherService(IServiceProvider services, NotificationOptions options, ILogger<NotificationDispatcherService> logger)
    : PollingService(options.PollInterval, logger)
{
    protected override string Work => "Dispatching notifications";

    protected override Task PollAsync(CancellationToken stoppingToken) =>
        services.GetRequiredService<NotificationDispatcher>().DispatchDueAsync(stoppingToken);
}
