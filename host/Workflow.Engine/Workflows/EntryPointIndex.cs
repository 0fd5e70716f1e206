using System.Collections.Concurrent;
using Workflow.Abstractions;

namespace Workflow.Engine.Workflows;

/// <summary>
/// Finds the enabled workflows an event may start, without reading them all on every event. Per tenant and event code it
/// keeps the workflows in memory, reloaded only when the tenant's workflow catalogue version (changed in the same
/// transaction as any workflow) moves, so several nodes stay correct. Entry points whose conditions include a plain
/// equality on a text or option field (<c>No.: WF-1</c>, <c>Document Type: Invoice</c>) are indexed by that value, so
/// thousands of workflows that cannot match the record are never looked at. The result is a superset: the caller still
/// checks every candidate's conditions.
/// </summary>
public sealed class EntryPointIndex(WorkflowStore store, WorkflowRules rules)
{
    // Characters that make a filter more than a plain literal (operators, ranges, wildcards, case folding, quoting).
    private static readonly char[] FilterSyntax = ['<', '>', '=', '.', '|', '&', '*', '?', '@', '(', ')', '\''];

    private readonly ConcurrentDictionary<(string TenantId, string EventCode), Snapshot> _snapshots = new();

    public async Task<IReadOnlyList<WorkflowDefinition>> CandidatesAsync(string tenantId, string eventCode, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        var key = (tenantId, eventCode.ToUpperInvariant());
        var version = await store.CatalogVersionAsync(tenantId, cancellationToken);
        if (!_snapshots.TryGetValue(key, out var snapshot) || snapshot.Version != version)
        {
            // The version is read before the workflows: a change in between leaves this snapshot behind the next version.
            snapshot = Build(version, await store.ListEnabledByEntryEventAsync(tenantId, eventCode, cancellationToken));
            _snapshots[key] = snapshot;
        }

        var candidates = new List<WorkflowDefinition>(snapshot.Unindexed);
        foreach (var field in snapshot.IndexedFields)
            if (EventConditionEvaluator.Lookup(fields, field) is { } value
                && snapshot.ByEquality.TryGetValue((field, IndexKey(value)), out var matching))
                candidates.AddRange(matching);
        candidates.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return candidates;
    }

    private Snapshot Build(long version, IReadOnlyList<WorkflowDefinition> workflows)
    {
        var unindexed = new List<WorkflowDefinition>();
        var byEquality = new Dictionary<(string, string), List<WorkflowDefinition>>();
        foreach (var workflow in workflows)
        {
            if (workflow.EntryPoint is not { } entry || IndexableEquality(workflow, entry) is not { } equality)
            {
                unindexed.Add(workflow);
                continue;
            }
            if (!byEquality.TryGetValue(equality, out var list))
                byEquality[equality] = list = [];
            list.Add(workflow);
        }
        return new Snapshot(version, unindexed, byEquality, byEquality.Keys.Select(k => k.Item1).Distinct(StringComparer.Ordinal).ToList());
    }

    private (string Field, string Value)? IndexableEquality(WorkflowDefinition workflow, WorkflowStepDefinition entry)
    {
        var recordType = rules.RecordTypeOf(workflow, entry);
        foreach (var (field, filter) in entry.Conditions.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var type = recordType?.Fields.FirstOrDefault(f => string.Equals(f.Name, field, StringComparison.OrdinalIgnoreCase))?.Type ?? RecordFieldType.Text;
            var literal = filter.Trim();
            if (type is RecordFieldType.Text or RecordFieldType.Option && literal.Length > 0 && literal.IndexOfAny(FilterSyntax) < 0)
                return (field.ToUpperInvariant(), IndexKey(literal));
        }
        return null;
    }

    // Trimmed and case-folded, so the index never misses a value the filter itself would match.
    private static string IndexKey(string value) => value.Trim().ToUpperInvariant();

    private sealed record Snapshot(
        long Version,
        IReadOnlyList<WorkflowDefinition> Unindexed,
        Dictionary<(string Field, string Value), List<WorkflowDefinition>> ByEquality,
        IReadOnlyList<string> IndexedFields);
}
