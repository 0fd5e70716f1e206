using System.Collections.Concurrent;
using Workflow.Engine.Live;

namespace Workflow.Server.Live;

/// <summary>
/// What each connection of this node watches (workflows, records, its whole tenant), so that one instance step reaches
/// a connection once however many of its watches it matches, and never one of another tenant.
/// </summary>
public sealed class LiveWatches
{
    public const string Tenant = "tenant";

    private readonly ConcurrentDictionary<string, (string TenantId, HashSet<string> Watching)> _connections = new(StringComparer.Ordinal);

    public static string Workflow(string workflowCode) => $"workflow:{workflowCode.ToUpperInvariant()}";

    public static string Record(string recordType, string recordId) => $"record:{recordType.ToUpperInvariant()}/{recordId}";

    public void Add(string connectionId, string tenantId, string what)
    {
        var (_, watching) = _connections.GetOrAdd(connectionId, _ => (tenantId, []));
        lock (watching)
            watching.Add(what);
    }

    public void Remove(string connectionId, string what)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
            lock (connection.Watching)
                connection.Watching.Remove(what);
    }

    public void Forget(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The connections of the step's tenant that watch its workflow, its record or the tenant.</summary>
    public IReadOnlyList<string> Watching(InstanceProgress progress)
    {
        string[] matches = [Tenant, Workflow(progress.WorkflowCode), Record(progress.RecordType, progress.RecordId)];
        var connections = new List<string>();
        foreach (var (connectionId, (tenantId, watching)) in _connections)
        {
            if (!string.Equals(tenantId, progress.TenantId, StringComparison.Ordinal))
                continue;
            lock (watching)
                if (matches.Any(watching.Contains))
                    connections.Add(connectionId);
        }
        return connections;
    }
}
