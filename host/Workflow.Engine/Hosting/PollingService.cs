using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Hosting;

/// <summary>
/// A hosted loop that does one pass of durable background work every interval on every node (the work itself keeps
/// nodes from doing the same item twice). The interval is a polling cadence on real time, not a business time: it runs
/// even while tests move the engine's clock, and when an item is due is the engine's clock's business. A failed pass is
/// logged and the next one tries again; <see cref="Timeout.InfiniteTimeSpan"/> turns the loop off (tests drive it).
/// </summary>
public abstract class PollingService(TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>What a pass does, for the log line of a failed one ("raising stored events").</summary>
    protected abstract string Work { get; }

    /// <summary>
    /// One pass. Called on the loop only, so what it needs may be resolved on the first call: services that need the
    /// plugins' catalogue exist only once the engine has started, after every hosted service was created.
    /// </summary>
    protected abstract Task PollAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval == Timeout.InfiniteTimeSpan)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken);
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "{Work} failed; trying again next period", Work);
            }
        }
    }
}
