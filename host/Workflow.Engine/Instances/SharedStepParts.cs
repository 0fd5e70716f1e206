using System.Collections.Concurrent;
using System.Text;
using Workflow.Abstractions;

namespace Workflow.Engine.Instances;

/// <summary>
/// Every running instance of a workflow carries its own copy of the workflow's steps (so editing the workflow never
/// changes a running instance), yet the fixed parts of those copies (function codes, descriptions, conditions, options)
/// are equal across the thousands of instances of one workflow. Activations share one read-only copy of each such part
/// in memory; only step status, time and error are per instance. This is most of an active instance grain's memory.
/// </summary>
internal static class SharedStepParts
{
    // Bounded so that a tenant editing workflows for months does not grow it for ever; clearing only costs sharing.
    private const int MaxEntries = 100_000;
    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Maps = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<FieldChangeCondition>> ChangeLists = new(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
    private static readonly IReadOnlyList<FieldChangeCondition> EmptyChanges = [];

    /// <summary>Replaces the fixed parts of <paramref name="steps"/> with the shared copies.</summary>
    public static void Share(IEnumerable<StepInstance> steps)
    {
        foreach (var step in steps)
        {
            step.FunctionCode = Share(step.FunctionCode);
            step.Description = step.Description is null ? null : Share(step.Description);
            step.Conditions = Share(step.Conditions);
            step.Options = Share(step.Options);
            step.ChangeConditions = Share(step.ChangeConditions);
        }
    }

    /// <summary>The shared copy of a string that many instances hold.</summary>
    public static string Share(string value) => Bounded(Strings).GetOrAdd(value, value);

    private static IReadOnlyDictionary<string, string> Share(IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
            return EmptyMap;
        var key = new StringBuilder();
        foreach (var (name, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            key.Append(name).Append('\u001f').Append(value).Append('\u001e');
        return Bounded(Maps).GetOrAdd(key.ToString(), static (_, m) => new Dictionary<string, string>(m.ToDictionary(p => Share(p.Key), p => Share(p.Value))), map);
    }

    private static IReadOnlyList<FieldChangeCondition> Share(IReadOnlyList<FieldChangeCondition> changes)
    {
        if (changes.Count == 0)
            return EmptyChanges;
        var key = string.Join('\u001e', changes.Select(c => $"{c.Field}\u001f{c.Operator}"));
        return Bounded(ChangeLists).GetOrAdd(key, static (_, c) => c.ToArray(), changes);
    }

    private static ConcurrentDictionary<string, T> Bounded<T>(ConcurrentDictionary<string, T> pool)
    {
        if (pool.Count > MaxEntries)
            pool.Clear();
        return pool;
    }
}
