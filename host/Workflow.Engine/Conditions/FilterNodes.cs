namespace Workflow.Engine.Conditions;

/// <summary>Comparison operators of the filter syntax.</summary>
internal enum FilterOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A parsed filter expression: alternatives, conjunctions and terms.</summary>
internal abstract class FilterNode
{
    public abstract bool Matches(in FilterSubject subject);

    /// <summary>Adds the keys the node compares against: the points where its outcome can change.</summary>
    public virtual void CollectKeys(List<decimal> keys) { }

    /// <summary>A superset of the text values the node matches, for the overlap check; everything when it cannot tell.</summary>
    public virtual TextValueSet TextValues() => TextValueSet.All;
}

/// <summary><c>A|B</c>: any of the alternatives.</summary>
internal sealed class AnyOfNode(FilterNode[] alternatives) : FilterNode
{
    public override bool Matches(in FilterSubject subject)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.Matches(subject))
                return true;
        }
        return false;
    }

    public override void CollectKeys(List<decimal> keys)
    {
        foreach (var alternative in alternatives)
            alternative.CollectKeys(keys);
    }

    public override TextValueSet TextValues()
    {
        var values = alternatives[0].TextValues();
        for (var i = 1; i < alternatives.Length; i++)
            values = values.Union(alternatives[i].TextValues());
        return values;
    }
}

/// <summary><c>A&amp;B</c>: all of the parts.</summary>
internal sealed class AllOfNode(FilterNode[] parts) : FilterNode
{
    public override bool Matches(in FilterSubject subject)
    {
        foreach (var part in parts)
        {
            if (!part.Matches(subject))
                return false;
        }
        return true;
    }

    public override void CollectKeys(List<decimal> keys)
    {
        foreach (var part in parts)
            part.CollectKeys(keys);
    }

    public override TextValueSet TextValues()
    {
        var values = parts[0].TextValues();
        for (var i = 1; i < parts.Length; i++)
            values = values.Intersect(parts[i].TextValues());
        return values;
    }
}

/// <summary><c>''</c> and <c>&lt;&gt;''</c>: the value is (not) empty or absent.</summary>
internal sealed class EmptyTerm(bool negated) : FilterNode
{
    public override bool Matches(in FilterSubject subject) => subject.IsEmpty != negated;

    public override TextValueSet TextValues() =>
        negated ? TextValueSet.AllExcept("", ignoreCase: false) : TextValueSet.Only("", ignoreCase: false);
}

/// <summary>A comparison with a number, date, boolean or option value, through its key.</summary>
internal sealed class KeyComparisonTerm(FilterOperator op, decimal key) : FilterNode
{
    public override bool Matches(in FilterSubject subject)
    {
        if (!subject.HasKey)
        {
            // A blank date or option is not equal to any value; an invalid value matches no comparison at all.
            return op == FilterOperator.NotEqual && !subject.IsInvalid;
        }
        return op switch
        {
            FilterOperator.Equal => subject.Key == key,
            FilterOperator.NotEqual => subject.Key != key,
            FilterOperator.Less => subject.Key < key,
            FilterOperator.LessOrEqual => subject.Key <= key,
            FilterOperator.Greater => subject.Key > key,
            _ => subject.Key >= key,
        };
    }

    public override void CollectKeys(List<decimal> keys) => keys.Add(key);
}

/// <summary><c>from..to</c>, inclusive, either bound optional, through keys.</summary>
internal sealed class KeyRangeTerm(decimal? from, decimal? to) : FilterNode
{
    public override bool Matches(in FilterSubject subject) =>
        subject.HasKey && (from is not { } low || subject.Key >= low) && (to is not { } high || subject.Key <= high);

    public override void CollectKeys(List<decimal> keys)
    {
        if (from is { } low)
            keys.Add(low);
        if (to is { } high)
            keys.Add(high);
    }
}

/// <summary>A comparison with a text value, ordinal or ordinal-ignoring-case.</summary>
internal sealed class TextComparisonTerm(FilterOperator op, string value, bool ignoreCase) : FilterNode
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public override bool Matches(in FilterSubject subject)
    {
        if (subject.IsInvalid)
            return false;
        var order = string.Compare(subject.Text, value, _comparison);
        return op switch
        {
            FilterOperator.Equal => order == 0,
            FilterOperator.NotEqual => order != 0,
            FilterOperator.Less => order < 0,
            FilterOperator.LessOrEqual => order <= 0,
            FilterOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    public override TextValueSet TextValues() => op switch
    {
        FilterOperator.Equal => TextValueSet.Only(value, ignoreCase),
        FilterOperator.NotEqual => TextValueSet.AllExcept(value, ignoreCase),
        _ => TextValueSet.All,
    };
}

/// <summary><c>from..to</c> on text, inclusive, either bound optional.</summary>
internal sealed class TextRangeTerm(string? from, string? to, bool ignoreCase) : FilterNode
{
    private readonly StringComparison _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public override bool Matches(in FilterSubject subject) =>
        !subject.IsInvalid
        && (from is null || string.Compare(subject.Text, from, _comparison) >= 0)
        && (to is null || string.Compare(subject.Text, to, _comparison) <= 0);
}

/// <summary><c>*Ltd*</c>, <c>&lt;&gt;A?C</c>: the value (does not) match a wildcard pattern.</summary>
internal sealed class PatternTerm(WildcardPattern pattern, bool negated) : FilterNode
{
    public override bool Matches(in FilterSubject subject) =>
        !subject.IsInvalid && pattern.Matches(subject.Text) != negated;
}
