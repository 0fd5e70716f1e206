using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Notifications;

/// <summary>
/// Runs the <see cref="NotificationDispatcher"/> every poll interval on every node; the dispatcher's leases keep nodes
/// from delivering the same recipient's entries at once. Resolved at start, after the engine, like the outbox relay.
/// </summary>
public sealed class NotificationDispatcherService(IServiceProvider services, NotificationOptions options, ILogger<NotificationDispatcherService> logger)
    : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<NotificationDispatcher>();
        _loop = DispatchAsync(dispatcher);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task DispatchAsync(NotificationDispatcher dispatcher)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                // A polling cadence, not a business time: real time, while schedules and retries follow the engine's clock.
                await Task.Delay(options.PollInterval, _stopping.Token);
                await dispatcher.DispatchDueAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Dispatching notifications failed; trying again next period");
            }
        }
    }
}
