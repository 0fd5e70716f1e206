using System.Collections.Concurrent;
using Workflow.Abstractions;
using Workflow.Engine.Conditions;
using Workflow.Engine.Plugins;

namespace Workflow.Engine.Workflows;

/// <summary>
/// Decides whether an event step's conditions hold for a record: its filters on the record's fields and, for change
/// events, its field-change conditions on old and new values. Conditions are typed by the record's type and parsed once.
/// </summary>
public sealed class EventConditionEvaluator(WorkflowCatalog catalog)
{
    private readonly ConcurrentDictionary<string, RecordCondition> _parsed = new(StringComparer.Ordinal);

    public bool Holds(
        string recordTypeCode,
        IReadOnlyDictionary<string, string> conditions,
        IReadOnlyList<FieldChangeCondition> changeConditions,
        IReadOnlyDictionary<string, string?> fields,
        IReadOnlyDictionary<string, string?> previousFields)
    {
        var recordType = RecordType(recordTypeCode, conditions.Keys.Concat(changeConditions.Select(c => c.Field)));
        if (conditions.Count > 0 && !Parsed(recordType, conditions).Matches(fields))
            return false;
        foreach (var change in changeConditions)
        {
            var type = recordType.Fields.FirstOrDefault(f => string.Equals(f.Name, change.Field, StringComparison.OrdinalIgnoreCase))?.Type ?? RecordFieldType.Text;
            if (!FieldChangeConditions.Holds(change, type, Lookup(previousFields, change.Field), Lookup(fields, change.Field)))
                return false;
        }
        return true;
    }

    private RecordCondition Parsed(RecordTypeDefinition recordType, IReadOnlyDictionary<string, string> conditions)
    {
        var key = recordType.Code + "\u001f" + string.Join("\u001f", conditions.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}\u001e{c.Value}"));
        return _parsed.GetOrAdd(key, _ => RecordCondition.Parse(conditions, recordType));
    }

    private RecordTypeDefinition RecordType(string code, IEnumerable<string> fields) =>
        catalog.FindRecordType(code)?.Definition
        // A record type no plugin declares: its fields are compared as text.
        ?? new RecordTypeDefinition(code, code, fields.Distinct(StringComparer.OrdinalIgnoreCase).Select(f => new RecordFieldDefinition(f, RecordFieldType.Text)).ToList());

    /// <summary>The record's fields with an event's own values laid over them.</summary>
    public static IReadOnlyDictionary<string, string?> Over(IReadOnlyDictionary<string, string?> fields, IReadOnlyDictionary<string, string?>? eventData)
    {
        if (eventData is null || eventData.Count == 0)
            return fields;
        var merged = new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in eventData)
            merged[name] = value;
        return merged;
    }

    public static string? Lookup(IReadOnlyDictionary<string, string?> fields, string name)
    {
        if (fields.TryGetValue(name, out var value))
            return value;
        foreach (var pair in fields)
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                return pair.Value;
        return null;
    }
}
