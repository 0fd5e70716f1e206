using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Posting;

/// <summary>
/// Every node runs the due jobs of the posting queue, every poll interval; the guarded take lets only one node run each.
/// Started after the silo (it calls grains); resolved at start, as the outbox relay is, because the queue's grain calls
/// need the plugins' catalogue, which exists only once the engine has started.
/// </summary>
public sealed class PostingJobRunner(IServiceProvider services, PostingJobOptions options, ILogger<PostingJobRunner> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.PollInterval != Timeout.InfiniteTimeSpan)
            _loop = RunAsync(services.GetRequiredService<PostingJobQueue>());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task RunAsync(PostingJobQueue queue)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                // A polling cadence on real time; when a job is due is the engine's clock's business.
                await Task.Delay(options.PollInterval, _stopping.Token);
                while (await queue.RunDueAsync(_stopping.Token) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Running due posting jobs failed; trying again next period");
            }
        }
    }
}
