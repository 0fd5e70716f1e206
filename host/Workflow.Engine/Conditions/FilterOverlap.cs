using Workflow.Abstractions;

namespace Workflow.Engine.Conditions;

/// <summary>
/// Decides whether two filters on a number, date, boolean or option field can both match one value, by trying one
/// value from every class of values the filters cannot tell apart.
/// </summary>
/// <remarks>
/// Every term compares a value's key with the literals of the filter, so on the line of keys the outcome can only
/// change at a literal: the literals of both filters, one value strictly between each two neighbours, one below the
/// lowest and one above the highest represent every number or date; blank and invalid values are tried as well.
/// Booleans and options have few enough values to try them all. If a gap between two literals has no representable
/// value the check gives up and answers "they may overlap", which is always safe.
/// </remarks>
internal static class FilterOverlap
{
    public static bool SomeKeyedValueMatchesBoth(FieldTyping typing, FilterNode a, FilterNode b)
    {
        foreach (var subject in Representatives(typing, a, b))
        {
            if (subject is not { } value || (a.Matches(value) && b.Matches(value)))
                return true;
        }
        return false;
    }

    /// <summary>One value of each class; <see langword="null"/> stands for a class with no value that can be found.</summary>
    private static IEnumerable<FilterSubject?> Representatives(FieldTyping typing, FilterNode a, FilterNode b)
    {
        yield return typing.Read(null);
        yield return FilterSubject.Invalid("\0");
        switch (typing.Type)
        {
            case RecordFieldType.Boolean:
                yield return typing.Read("false");
                yield return typing.Read("true");
                yield break;
            case RecordFieldType.Option:
                foreach (var option in typing.Options)
                    yield return typing.Read(option);
                yield break;
        }

        var keys = new List<decimal>();
        a.CollectKeys(keys);
        b.CollectKeys(keys);
        keys.Sort();
        var (lowest, highest) = typing.Type == RecordFieldType.Date
            ? ((decimal)DateOnly.MinValue.DayNumber, (decimal)DateOnly.MaxValue.DayNumber)
            : (decimal.MinValue, decimal.MaxValue);
        var step = typing.Type == RecordFieldType.Date ? 1m : 0m;

        if (keys.Count == 0)
        {
            yield return FilterSubject.ForKey("", 0);
            yield break;
        }
        if (keys[0] > lowest)
            yield return FilterSubject.ForKey("", keys[0] > lowest + 1 ? keys[0] - 1 : lowest);
        for (var i = 0; i < keys.Count; i++)
        {
            yield return FilterSubject.ForKey("", keys[i]);
            if (i + 1 < keys.Count && keys[i] != keys[i + 1])
            {
                // Dates are whole days: the day after a literal is the only candidate between it and the next one.
                var between = step > 0 ? keys[i] + step : keys[i] / 2 + keys[i + 1] / 2;
                if (between > keys[i] && between < keys[i + 1])
                    yield return FilterSubject.ForKey("", between);
                else if (step == 0)
                    yield return null;
            }
        }
        if (keys[^1] < highest)
            yield return FilterSubject.ForKey("", keys[^1] < highest - 1 ? keys[^1] + 1 : highest);
    }
}
