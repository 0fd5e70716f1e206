using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Hosting;

namespace Workflow.Engine.Live;

/// <summary>
/// Removes feed messages older than <see cref="LiveOptions.FeedRetention"/>. Safe on a cluster: it only deletes, by
/// age, what every node agrees is old, so two nodes at once delete each message once between them. Each user's newest
/// message stays, since it carries the user's last sequence, which numbering goes on from.
/// </summary>
public sealed class FeedRetention(UserFeed feed, LiveOptions options, TimeProvider clock, ILogger<FeedRetention> logger)
{
    /// <summary>Removes the messages older than the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var removed = await feed.PruneAsync(clock.GetUtcNow() - options.FeedRetention, cancellationToken);
        if (removed > 0)
            logger.LogInformation("Removed {Count} live feed message(s) older than {Retention}", removed, options.FeedRetention);
        return removed;
    }
}

/// <summary>Runs the <see cref="FeedRetention"/> pass every <see cref="LiveOptions.FeedRetentionInterval"/> on every node.</summary>
public sealed class FeedRetentionService(IServiceProvider services, LiveOptions options, ILogger<FeedRetentionService> logger)
    : PollingService(options.FeedRetentionInterval, logger)
{
    protected override string Work => "Removing live feed messages past their retention";

    protected override Task PollAsync(CancellationToken stoppingToken) =>
        services.GetRequiredService<FeedRetention>().PruneAsync(stoppingToken);
}
