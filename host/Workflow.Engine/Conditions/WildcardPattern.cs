namespace Workflow.Engine.Conditions;

/// <summary>One position of a <see cref="WildcardPattern"/>.</summary>
internal enum PatternCharKind
{
    Literal,
    /// <summary><c>?</c>: exactly one character.</summary>
    AnyOne,
    /// <summary><c>*</c>: any run of characters, including none.</summary>
    AnyRun,
}

internal readonly record struct PatternChar(PatternCharKind Kind, char Value);

/// <summary>
/// A text pattern with <c>*</c> and <c>?</c>, compiled once when the filter is parsed. Matched by hand rather than with a
/// regular expression because conditions run on every event for every candidate workflow and this allocates nothing.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly PatternChar[] _chars;
    private readonly bool _ignoreCase;

    public WildcardPattern(IReadOnlyList<PatternChar> chars, bool ignoreCase)
    {
        // Consecutive stars mean the same as one; collapsing them keeps the backtracking below linear in practice.
        var compact = new List<PatternChar>(chars.Count);
        foreach (var c in chars)
        {
            if (c.Kind == PatternCharKind.AnyRun && compact.Count > 0 && compact[^1].Kind == PatternCharKind.AnyRun)
                continue;
            compact.Add(c);
        }
        _chars = [.. compact];
        _ignoreCase = ignoreCase;
    }

    public bool Matches(ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < _chars.Length && _chars[p].Kind == PatternCharKind.AnyRun)
            {
                star = p++;
                starText = t;
            }
            else if (p < _chars.Length && (_chars[p].Kind == PatternCharKind.AnyOne || Same(_chars[p].Value, text[t])))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                // Let the last star swallow one more character and retry from just after it.
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (p < _chars.Length && _chars[p].Kind == PatternCharKind.AnyRun)
            p++;
        return p == _chars.Length;
    }

    private bool Same(char a, char b) =>
        a == b || (_ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
