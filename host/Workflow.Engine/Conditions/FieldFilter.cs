using Workflow.Abstractions;

namespace Workflow.Engine.Conditions;

/// <summary>
/// A filter on one field of a record in Business Central's filter syntax, parsed once for the field's type and then
/// evaluated against record values.
/// </summary>
/// <remarks>
/// <para>Syntax: <c>=</c> (also implied by a bare value), <c>&lt;&gt;</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>;
/// inclusive ranges <c>10..100</c>, <c>..100</c>, <c>100..</c>; alternatives <c>A|B</c> and conjunctions <c>&lt;&gt;A&amp;&lt;&gt;B</c>
/// (<c>&amp;</c> binds tighter than <c>|</c>) with optional parentheses; wildcards <c>*</c> and <c>?</c> on text and option
/// fields; <c>''</c> for an empty value; <c>@</c> before a term (or just after its operator) for a case-insensitive
/// comparison; single quotes around a value make its characters literal (<c>'A|B'</c>, <c>'O''Neil'</c>).</para>
/// <para>Typing: numbers compare as decimals and dates (<c>yyyy-MM-dd</c>) chronologically; booleans accept
/// true/false, yes/no, 1/0 and only <c>=</c>/<c>&lt;&gt;</c>; options compare case-insensitively and, when the option values
/// are known, are ordered by their position in the list (as Business Central orders options by ordinal); text compares
/// ordinally. A blank number counts as 0 and a blank boolean as false (Business Central's are never blank); a blank
/// date or option equals nothing. A value that is not of the field's type (<c>abc</c> in a date field, an unknown option)
/// matches no comparison, only <c>&lt;&gt;''</c>.</para>
/// </remarks>
public sealed class FieldFilter
{
    private readonly FieldTyping _typing;
    private readonly FilterNode _root;

    private FieldFilter(string field, string expression, FieldTyping typing, FilterNode root)
    {
        Field = field;
        Expression = expression;
        _typing = typing;
        _root = root;
    }

    /// <summary>The filtered field.</summary>
    public string Field { get; }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The field's type, which decides how values compare.</summary>
    public RecordFieldType Type => _typing.Type;

    /// <summary>Parses <paramref name="expression"/> as a filter on <paramref name="field"/>.</summary>
    /// <param name="field">The field's name, used in messages.</param>
    /// <param name="expression">The filter, e.g. <c>&gt;1000</c>, <c>@*ltd*</c>, <c>2026-01-01..2026-03-31</c>.</param>
    /// <param name="type">The field's type.</param>
    /// <param name="optionValues">For option fields, the values the field can take; literals must be among them.</param>
    /// <exception cref="FilterSyntaxException">The expression is empty or not valid for the field's type.</exception>
    public static FieldFilter Parse(string field, string expression, RecordFieldType type, IReadOnlyList<string>? optionValues = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        expression ??= "";
        var typing = new FieldTyping(type, optionValues);
        return new FieldFilter(field, expression, typing, FilterParser.Parse(field, expression, typing));
    }

    /// <summary>Whether a record value (invariant text; <see langword="null"/> or empty when blank) passes the filter.</summary>
    public bool Matches(string? value) => _root.Matches(_typing.Read(value));

    /// <summary>The filter as users write it, e.g. <c>Amount: &gt;1000</c>.</summary>
    public override string ToString() => $"{Field}: {Expression.Trim()}";

    /// <summary>
    /// True only when no value can pass both filters (same field and type); false when they may share a value or
    /// it cannot be decided. See <see cref="RecordCondition.MayOverlap"/>.
    /// </summary>
    internal static bool AreDisjoint(FieldFilter a, FieldFilter b)
    {
        if (a._typing.Type != b._typing.Type || !a._typing.Options.SequenceEqual(b._typing.Options, StringComparer.OrdinalIgnoreCase))
            return false;
        if (a._typing.IsKeyed)
            return !FilterOverlap.SomeKeyedValueMatchesBoth(a._typing, a._root, b._root);
        return a._root.TextValues().Intersect(b._root.TextValues()).IsEmpty;
    }
}
