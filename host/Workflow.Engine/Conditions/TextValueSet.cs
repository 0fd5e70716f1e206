namespace Workflow.Engine.Conditions;

/// <summary>
/// A superset of the text values a filter can match, for deciding that two filters cannot overlap: either a finite
/// list of values, or everything except a list. Each listed value is exact (ordinal) or stands for all its case variants.
/// Every operation may over-approximate (keep too much), never under-approximate, so "empty" is always a proof.
/// Wildcards, ranges and ordering are not modelled: they give <see cref="All"/>.
/// </summary>
internal sealed class TextValueSet
{
    private readonly bool _complement;
    private readonly TextValue[] _values;

    private TextValueSet(bool complement, TextValue[] values)
    {
        _complement = complement;
        _values = values;
    }

    public static TextValueSet All { get; } = new(true, []);

    public static TextValueSet Only(string value, bool ignoreCase) => new(false, [new TextValue(value, ignoreCase)]);

    public static TextValueSet AllExcept(string value, bool ignoreCase) => new(true, [new TextValue(value, ignoreCase)]);

    /// <summary>No value can be in the set. A complement is never empty: there is always some other text.</summary>
    public bool IsEmpty => !_complement && _values.Length == 0;

    public TextValueSet Union(TextValueSet other)
    {
        if (!_complement && !other._complement)
            return new(false, [.. _values, .. other._values]);
        if (_complement && other._complement)
        {
            // Not-A ∪ not-B = not-(A ∩ B): keep only exclusions the other side excludes as well.
            return new(true, [.. _values.Where(e => other._values.Any(o => o.Covers(e)))]);
        }
        var (finite, complement) = _complement ? (other, this) : (this, other);
        return new(true, [.. complement._values.Where(e => !finite._values.Any(v => v.Overlaps(e)))]);
    }

    public TextValueSet Intersect(TextValueSet other)
    {
        if (!_complement && !other._complement)
            return new(false, [.. _values.Where(v => other._values.Any(o => o.Overlaps(v)))]);
        if (_complement && other._complement)
            return new(true, [.. _values, .. other._values]);
        var (finite, complement) = _complement ? (other, this) : (this, other);
        return new(false, [.. finite._values.Where(v => !complement._values.Any(e => e.Covers(v)))]);
    }

    private readonly record struct TextValue(string Value, bool IgnoreCase)
    {
        /// <summary>Some text is both this value and <paramref name="other"/>.</summary>
        public bool Overlaps(TextValue other) =>
            string.Equals(Value, other.Value, IgnoreCase || other.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        /// <summary>Every text that is <paramref name="other"/> is also this value.</summary>
        public bool Covers(TextValue other) => IgnoreCase
            ? string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase)
            : !other.IgnoreCase && string.Equals(Value, other.Value, StringComparison.Ordinal);
    }
}
