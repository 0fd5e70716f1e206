using System.Text;
using Workflow.Abstractions;

namespace Workflow.Engine.Conditions;

/// <summary>
/// Recursive-descent parser for Business Central's filter syntax on one field:
/// <code>
/// alternatives := conjunction ('|' conjunction)*
/// conjunction  := operand ('&amp;' operand)*
/// operand      := '(' alternatives ')' | term
/// term         := ['@'] ( [operator] ['@'] value | value '..' [value] | '..' value )
/// value        := (character | '*' | '?' | quoted)+      quoted := "'" (character | "''")* "'"
/// </code>
/// Positions in errors are 0-based indexes into the original expression.
/// </summary>
internal sealed class FilterParser
{
    private readonly string _field;
    private readonly string _text;
    private readonly FieldTyping _typing;
    private int _pos;

    private FilterParser(string field, string text, FieldTyping typing)
    {
        _field = field;
        _text = text;
        _typing = typing;
    }

    public static FilterNode Parse(string field, string expression, FieldTyping typing) =>
        new FilterParser(field, expression, typing).ParseExpression();

    private FilterNode ParseExpression()
    {
        SkipSpaces();
        if (AtEnd)
            throw Error(0, "the condition is empty");
        var node = ParseAlternatives(after: null);
        if (!AtEnd)
            throw Unexpected();
        return node;
    }

    private FilterNode ParseAlternatives(string? after)
    {
        var first = ParseConjunction(after);
        if (Current != '|')
            return first;
        List<FilterNode> alternatives = [first];
        while (Current == '|')
        {
            _pos++;
            alternatives.Add(ParseConjunction("|"));
        }
        return new AnyOfNode([.. alternatives]);
    }

    private FilterNode ParseConjunction(string? after)
    {
        var first = ParseOperand(after);
        if (Current != '&')
            return first;
        List<FilterNode> parts = [first];
        while (Current == '&')
        {
            _pos++;
            parts.Add(ParseOperand("&"));
        }
        return new AllOfNode([.. parts]);
    }

    private FilterNode ParseOperand(string? after)
    {
        SkipSpaces();
        FilterNode node;
        if (Current == '(')
        {
            var open = _pos++;
            node = ParseAlternatives("(");
            if (Current != ')')
                throw AtEnd ? Error(_pos, $"missing ')' for the '(' at position {open}") : Unexpected();
            _pos++;
        }
        else
        {
            node = ParseTerm(after);
        }
        SkipSpaces();
        if (!AtEnd && Current is not ('|' or '&' or ')'))
            throw Unexpected();
        return node;
    }

    private FilterNode ParseTerm(string? after)
    {
        if (AtEnd || Current is '|' or '&' or ')')
            throw Error(_pos, after is null ? "expected a value" : $"expected a value after '{after}'");

        var atSign = TryConsume("@");
        var ignoreCase = atSign;
        SkipSpaces();
        var operatorPosition = _pos;
        var op = ReadOperator();
        if (op is not null)
        {
            SkipSpaces();
            ignoreCase |= TryConsume("@");
            SkipSpaces();
        }
        ignoreCase |= _typing.AlwaysIgnoresCase;

        if (op is null && At(".."))
        {
            var dots = _pos;
            _pos += 2;
            var upper = ReadValue();
            if (upper is null)
                throw Error(dots, "a range needs at least one bound");
            return Range(null, upper, dots, ignoreCase);
        }

        var value = ReadValue();
        if (value is null)
        {
            if (op is not null)
                throw Error(_pos, $"expected {_typing.ValueNoun} after '{OperatorText(op.Value)}'");
            throw Error(_pos, atSign ? "expected a value after '@'" : "expected a value");
        }

        if (At(".."))
        {
            var dots = _pos;
            if (op is not null)
                throw Error(dots, $"a range cannot follow '{OperatorText(op.Value)}'");
            _pos += 2;
            return Range(value, ReadValue(), dots, ignoreCase);
        }
        return Comparison(op ?? FilterOperator.Equal, operatorPosition, value, ignoreCase);
    }

    private FilterNode Comparison(FilterOperator op, int operatorPosition, RawValue value, bool ignoreCase)
    {
        var equality = op is FilterOperator.Equal or FilterOperator.NotEqual;
        if (value.IsEmptyLiteral)
        {
            if (!equality)
                throw Error(operatorPosition, $"'' (empty) cannot follow '{OperatorText(op)}'; use = or <>");
            return new EmptyTerm(op == FilterOperator.NotEqual);
        }
        if (!equality && !_typing.AllowsOrdering)
            throw Error(operatorPosition, OrderingNotAllowed(OperatorText(op)));
        if (value.Pattern is not null)
        {
            if (!_typing.AllowsWildcards)
                throw Error(value.WildcardPosition, $"wildcards ('*', '?') apply only to text and option fields, not to a {_typing.TypeNoun} field");
            if (!equality)
                throw Error(value.WildcardPosition, $"wildcards ('*', '?') cannot follow '{OperatorText(op)}'; use = or <>");
            var pattern = new WildcardPattern(value.Pattern, ignoreCase);
            if (_typing.IsKeyed && !_typing.Options.Any(o => pattern.Matches(o)))
                throw Error(value.Position, $"none of the field's options matches '{value.Source}' ({string.Join(", ", _typing.Options)})");
            return new PatternTerm(pattern, op == FilterOperator.NotEqual);
        }
        if (_typing.IsKeyed)
            return new KeyComparisonTerm(op, Key(value));
        return new TextComparisonTerm(op, value.Text, ignoreCase);
    }

    private FilterNode Range(RawValue? from, RawValue? to, int dotsPosition, bool ignoreCase)
    {
        if (!_typing.AllowsOrdering)
            throw Error(dotsPosition, OrderingNotAllowed(".."));
        foreach (var bound in new[] { from, to })
        {
            if (bound is null)
                continue;
            if (bound.IsEmptyLiteral)
                throw Error(bound.Position, "a range bound cannot be '' (empty)");
            if (bound.Pattern is not null)
                throw Error(bound.WildcardPosition, "wildcards ('*', '?') cannot be used in a range");
        }
        if (_typing.IsKeyed)
        {
            decimal? low = from is null ? null : Key(from);
            decimal? high = to is null ? null : Key(to);
            if (low > high)
                throw Error(from!.Position, $"the range is empty: '{from.Text}' comes after '{to!.Text}'");
            return new KeyRangeTerm(low, high);
        }
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (from is not null && to is not null && string.Compare(from.Text, to.Text, comparison) > 0)
            throw Error(from.Position, $"the range is empty: '{from.Text}' comes after '{to.Text}'");
        return new TextRangeTerm(from?.Text, to?.Text, ignoreCase);
    }

    private string OrderingNotAllowed(string op) => _typing.Type == RecordFieldType.Boolean
        ? $"'{op}' cannot be used on a yes/no field; use = or <>"
        : $"'{op}' needs the option values of this field to order them; use = or <>";

    private decimal Key(RawValue value)
    {
        var reason = _typing.TryReadLiteral(value.Text, out var key);
        return reason is null ? key : throw Error(value.Position, reason);
    }

    // Two-character operators first, so "<>" is not read as "<" followed by a value starting with ">".
    private static readonly (string Text, FilterOperator Op)[] Operators =
    [
        ("<>", FilterOperator.NotEqual), ("<=", FilterOperator.LessOrEqual), (">=", FilterOperator.GreaterOrEqual),
        ("<", FilterOperator.Less), (">", FilterOperator.Greater), ("=", FilterOperator.Equal),
    ];

    private FilterOperator? ReadOperator()
    {
        foreach (var (text, op) in Operators)
        {
            if (TryConsume(text))
                return op;
        }
        return null;
    }

    /// <summary>
    /// Reads one value up to the next operator, trimming surrounding spaces but keeping inner ones. Quoted parts are
    /// literal (including <c>*</c>, <c>?</c> and spaces). Returns null when there is no value at all.
    /// </summary>
    private RawValue? ReadValue()
    {
        SkipSpaces();
        var start = _pos;
        var chars = new List<PatternChar>();
        var significant = 0;
        var quoted = false;
        var wildcardPosition = -1;
        while (!AtEnd)
        {
            var c = Current;
            if (c == '\'')
            {
                ReadQuoted(chars);
                quoted = true;
                significant = chars.Count;
                continue;
            }
            if (c is '|' or '&' or '(' or ')' or '<' or '>' or '=' || At(".."))
                break;
            if (c is '*' or '?')
            {
                if (wildcardPosition < 0)
                    wildcardPosition = _pos;
                chars.Add(new PatternChar(c == '*' ? PatternCharKind.AnyRun : PatternCharKind.AnyOne, c));
            }
            else
            {
                chars.Add(new PatternChar(PatternCharKind.Literal, c));
            }
            _pos++;
            if (!char.IsWhiteSpace(c))
                significant = chars.Count;
        }
        // Trailing unquoted spaces separate the value from what follows; they are not part of it.
        var end = _pos;
        while (chars.Count > significant)
        {
            end--;
            chars.RemoveAt(chars.Count - 1);
        }
        SkipSpaces();
        if (chars.Count == 0 && !quoted)
            return null;

        var text = new StringBuilder(chars.Count);
        foreach (var c in chars)
        {
            if (c.Kind == PatternCharKind.Literal)
                text.Append(c.Value);
        }
        return new RawValue(
            Source: _text[start..end],
            Text: text.ToString(),
            Pattern: wildcardPosition >= 0 ? chars : null,
            Position: start,
            IsEmptyLiteral: quoted && chars.Count == 0,
            WildcardPosition: wildcardPosition);
    }

    private void ReadQuoted(List<PatternChar> chars)
    {
        var open = _pos++;
        while (true)
        {
            if (AtEnd)
                throw Error(open, "the quote is not closed");
            var c = _text[_pos++];
            if (c != '\'')
            {
                chars.Add(new PatternChar(PatternCharKind.Literal, c));
            }
            else if (Current == '\'')
            {
                chars.Add(new PatternChar(PatternCharKind.Literal, '\''));
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    private bool At(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

    private bool TryConsume(string token)
    {
        if (!At(token))
            return false;
        _pos += token.Length;
        return true;
    }

    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_pos]))
            _pos++;
    }

    private FilterSyntaxException Unexpected()
    {
        if (At(".."))
            return Error(_pos, "unexpected '..'; a range has one '..' between its bounds");
        return Current == ')'
            ? Error(_pos, "unexpected ')' without a matching '('")
            : Error(_pos, $"unexpected '{Current}'; join terms with '&' or '|', or quote the value");
    }

    private FilterSyntaxException Error(int position, string reason) => new(_field, position, reason);

    internal static string OperatorText(FilterOperator op) => op switch
    {
        FilterOperator.Equal => "=",
        FilterOperator.NotEqual => "<>",
        FilterOperator.Less => "<",
        FilterOperator.LessOrEqual => "<=",
        FilterOperator.Greater => ">",
        _ => ">=",
    };

    /// <summary>A value as read: its literal text, its wildcard pattern if it has wildcards, and where it started.</summary>
    private sealed record RawValue(string Source, string Text, List<PatternChar>? Pattern, int Position, bool IsEmptyLiteral, int WildcardPosition);
}
