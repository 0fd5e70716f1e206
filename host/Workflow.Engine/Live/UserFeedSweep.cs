using Workflow.Engine.Grains;

namespace Workflow.Engine.Live;

/// <summary>
/// Numbers feed messages whose announcement was lost (the node that stored them went down before their feed grain ran,
/// or the numbering failed): run periodically with the outbox relay.
/// </summary>
public sealed class UserFeedSweep(UserFeed feed, IGrainFactory grains, TimeProvider clock)
{
    // Longer than a numbering takes, so the sweep does not race the announcement it backs up.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var (tenantId, userId) in await feed.UsersWithUnnumberedAsync(clock.GetUtcNow() - Grace, cancellationToken))
            await grains.GetTenantGrain<IUserFeedGrain>(tenantId, userId).NumberNew();
    }
}
