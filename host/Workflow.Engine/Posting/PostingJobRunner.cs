using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Hosting;

namespace Workflow.Engine.Posting;

/// <summary>
/// Every node runs the due jobs of the posting queue, every poll interval; the guarded take lets only one node run each.
/// </summary>
public sealed class PostingJobRunner(IServiceProvider services, PostingJobOptions options, ILogger<PostingJobRunner> logger)
    : PollingService(options.PollInterval, logger)
{
    protected override string Work => "Running due posting jobs";

    protected override async Task PollAsync(CancellationToken stoppingToken)
    {
        var queue = services.GetRequiredService<PostingJobQueue>();
        while (await queue.RunDueAsync(stoppingToken) > 0)
        {
        }
    }
}
