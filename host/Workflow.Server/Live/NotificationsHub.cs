using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Workflow.Engine.Live;
using Workflow.Server.Authentication;

namespace Workflow.Server.Live;

/// <summary>
/// The live hub (<c>/hubs/notifications</c>): a connection receives its own user's feed (<c>Feed</c>), asks for what it
/// missed (<see cref="GetMissed"/>), and, for a tenant's administrators, watches instances move (<c>InstanceProgress</c>).
/// </summary>
[Authorize]
public sealed class NotificationsHub(UserFeed feed, LiveWatches watches) : Hub
{
    public const string Path = "/hubs/notifications";

    /// <summary>The SignalR group of one user's connections (on this node).</summary>
    public static string UserGroup(string tenantId, string userId) => $"user:{tenantId}/{userId}";

    public override async Task OnConnectedAsync()
    {
        var caller = Context.User!.Caller();
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(caller.TenantId, caller.UserId));
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watches.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The caller's feed messages after <paramref name="afterSequence"/>, in order, at most <see cref="UserFeed.MaxPage"/>; ask again from the last.</summary>
    public Task<IReadOnlyList<FeedMessage>> GetMissed(long afterSequence)
    {
        var caller = Context.User!.Caller();
        return feed.ListAsync(caller.TenantId, caller.UserId, Math.Max(0, afterSequence), UserFeed.MaxPage, Context.ConnectionAborted);
    }

    public void WatchWorkflow(string workflowCode) => Watch(LiveWatches.Workflow(Required(workflowCode, nameof(workflowCode))), add: true);

    public void UnwatchWorkflow(string workflowCode) => Watch(LiveWatches.Workflow(Required(workflowCode, nameof(workflowCode))), add: false);

    public void WatchRecord(string recordType, string recordId) =>
        Watch(LiveWatches.Record(Required(recordType, nameof(recordType)), Required(recordId, nameof(recordId))), add: true);

    public void UnwatchRecord(string recordType, string recordId) =>
        Watch(LiveWatches.Record(Required(recordType, nameof(recordType)), Required(recordId, nameof(recordId))), add: false);

    public void WatchTenant() => Watch(LiveWatches.Tenant, add: true);

    public void UnwatchTenant() => Watch(LiveWatches.Tenant, add: false);

    private void Watch(string what, bool add)
    {
        var caller = Context.User!.Caller();
        // Instance progress shows every record of the tenant: for the people who run the system only.
        if (!caller.IsAdministrator)
            throw new HubException("Only administrators of the tenant may watch instances.");
        if (add)
            watches.Add(Context.ConnectionId, caller.TenantId, what);
        else
            watches.Remove(Context.ConnectionId, what);
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new HubException($"{name} is required.") : value;
}
