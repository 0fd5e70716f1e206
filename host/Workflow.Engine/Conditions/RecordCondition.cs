using Workflow.Abstractions;

namespace Workflow.Engine.Conditions;

/// <summary>
/// The record filters of an event step ("On Condition" in Business Central): one <see cref="FieldFilter"/> per field,
/// all of which must hold. No filters means the condition always holds (<c>&lt;Always&gt;</c>).
/// </summary>
public sealed class RecordCondition
{
    private readonly FieldFilter[] _filters;

    private RecordCondition(FieldFilter[] filters) => _filters = filters;

    /// <summary>The condition without filters, which every record meets.</summary>
    public static RecordCondition Always { get; } = new([]);

    /// <summary>The field filters, in the order of the record type's fields.</summary>
    public IReadOnlyList<FieldFilter> Filters => _filters;

    /// <summary>There are no filters: every record meets the condition.</summary>
    public bool IsAlways => _filters.Length == 0;

    /// <summary>
    /// Parses conditions (filter expression by field name) against the fields of <paramref name="recordType"/>.
    /// Field names compare case-insensitively; the filters carry the record type's spelling.
    /// </summary>
    /// <exception cref="ConditionValidationException">Lists every unknown or repeated field and every invalid expression.</exception>
    public static RecordCondition Parse(IReadOnlyDictionary<string, string> conditions, RecordTypeDefinition recordType)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(recordType);
        var problems = new List<ConditionProblem>();
        var filters = new List<(int Order, FieldFilter Filter)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, expression) in conditions)
        {
            var index = FieldIndex(recordType, name);
            if (index < 0)
            {
                problems.Add(new ConditionProblem(name, null, $"the record type {recordType.Description} has no field '{name}'"));
                continue;
            }
            var field = recordType.Fields[index];
            if (!seen.Add(field.Name))
            {
                problems.Add(new ConditionProblem(name, null, $"the field '{field.Name}' is filtered more than once"));
                continue;
            }
            try
            {
                filters.Add((index, FieldFilter.Parse(field.Name, expression, field.Type, field.OptionValues)));
            }
            catch (FilterSyntaxException e)
            {
                problems.Add(new ConditionProblem(name, e.Position, e.Reason));
            }
        }
        if (problems.Count > 0)
            throw new ConditionValidationException(problems);
        return filters.Count == 0 ? Always : new RecordCondition([.. filters.OrderBy(f => f.Order).Select(f => f.Filter)]);
    }

    /// <summary>
    /// Whether a record's field values (invariant text, looked up case-insensitively; absent means empty) pass every filter.
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string?> fields)
    {
        foreach (var filter in _filters)
        {
            if (!filter.Matches(Lookup(fields, filter.Field)))
                return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="record"/> passes every filter.</summary>
    public bool Matches(WorkflowRecord record) => Matches(record.Fields);

    /// <summary>
    /// Whether some record could meet both conditions, used to refuse two enabled entry points on the same event whose
    /// conditions overlap (Business Central refuses identical or empty conditions; this is finer but still safe).
    /// </summary>
    /// <remarks>
    /// The answer is false only with proof: some field is filtered by both conditions and no value passes both filters.
    /// For number and date fields that is decided exactly over ranges and alternatives (<c>&lt;1000</c> vs <c>&gt;=1000</c>,
    /// <c>..100</c> vs <c>200..</c>); booleans and options with known values are decided exactly by trying each value;
    /// text (and options without known values) is compared as sets of exact values, respecting <c>@</c>
    /// (<c>=A</c> vs <c>=B</c>, <c>A|B</c> vs <c>&lt;&gt;A&amp;&lt;&gt;B</c>). Wildcards, text ranges and text ordering are
    /// taken to match anything. An <see cref="Always"/> condition may overlap with every condition.
    /// </remarks>
    public static bool MayOverlap(RecordCondition a, RecordCondition b)
    {
        foreach (var filter in a._filters)
        {
            foreach (var other in b._filters)
            {
                if (string.Equals(filter.Field, other.Field, StringComparison.OrdinalIgnoreCase) && FieldFilter.AreDisjoint(filter, other))
                    return false;
            }
        }
        return true;
    }

    /// <summary>The condition as Business Central displays it: <c>Amount: &gt;1000; Status: Open</c>, or <c>&lt;Always&gt;</c>.</summary>
    public override string ToString() => IsAlways ? "<Always>" : string.Join("; ", _filters.Select(f => f.ToString()));

    private static int FieldIndex(RecordTypeDefinition recordType, string name)
    {
        for (var i = 0; i < recordType.Fields.Count; i++)
        {
            if (string.Equals(recordType.Fields[i].Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }

    private static string? Lookup(IReadOnlyDictionary<string, string?> fields, string field)
    {
        if (fields.TryGetValue(field, out var value))
            return value;
        // Records built with a case-sensitive dictionary still match regardless of the case of their field names.
        if (fields is Dictionary<string, string?> dictionary)
        {
            if (ReferenceEquals(dictionary.Comparer, StringComparer.OrdinalIgnoreCase))
                return null;
            // The concrete type's struct enumerator keeps this path free of allocations.
            foreach (var (name, candidate) in dictionary)
            {
                if (string.Equals(name, field, StringComparison.OrdinalIgnoreCase))
                    return candidate;
            }
            return null;
        }
        foreach (var (name, candidate) in fields)
        {
            if (string.Equals(name, field, StringComparison.OrdinalIgnoreCase))
                return candidate;
        }
        return null;
    }
}
