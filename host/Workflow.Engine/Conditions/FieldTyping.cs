using System.Globalization;
using Workflow.Abstractions;

namespace Workflow.Engine.Conditions;

/// <summary>
/// How one field type reads filter literals and record values. Number, Date, Boolean and Option (with known values) map
/// to a decimal key so one set of comparison terms serves them all; Text (and Option without known values) stays text.
/// </summary>
internal sealed class FieldTyping
{
    private const NumberStyles LiteralNumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    // Record values follow WorkflowRecord.GetNumber so a value the record API reads as a number is one here too.
    private const NumberStyles RecordNumberStyle = NumberStyles.Number;

    private readonly string[] _options;

    public FieldTyping(RecordFieldType type, IReadOnlyList<string>? optionValues)
    {
        Type = type;
        _options = type == RecordFieldType.Option && optionValues is not null ? [.. optionValues] : [];
    }

    public RecordFieldType Type { get; }

    public IReadOnlyList<string> Options => _options;

    /// <summary>Values compare through <see cref="FilterSubject.Key"/>; otherwise as text.</summary>
    public bool IsKeyed => Type is RecordFieldType.Number or RecordFieldType.Date or RecordFieldType.Boolean
        || (Type == RecordFieldType.Option && _options.Length > 0);

    /// <summary>Text comparisons ignore case regardless of <c>@</c> (option values are names, not free text).</summary>
    public bool AlwaysIgnoresCase => Type == RecordFieldType.Option;

    public bool AllowsWildcards => Type is RecordFieldType.Text or RecordFieldType.Option;

    public bool AllowsOrdering => Type != RecordFieldType.Boolean && !(Type == RecordFieldType.Option && _options.Length == 0);

    /// <summary>What a literal of this type is, for messages ("expected a number after '&gt;'").</summary>
    public string ValueNoun => Type switch
    {
        RecordFieldType.Number => "a number",
        RecordFieldType.Date => "a date (yyyy-MM-dd)",
        RecordFieldType.Boolean => "true or false",
        RecordFieldType.Option => "an option value",
        _ => "a value",
    };

    /// <summary>The field type as users call it, for messages.</summary>
    public string TypeNoun => Type switch
    {
        RecordFieldType.Number => "number",
        RecordFieldType.Date => "date",
        RecordFieldType.Boolean => "yes/no",
        RecordFieldType.Option => "option",
        _ => "text",
    };

    /// <summary>Reads a filter literal of a keyed type; returns the reason when it is not one.</summary>
    public string? TryReadLiteral(string text, out decimal key)
    {
        switch (Type)
        {
            case RecordFieldType.Number:
                if (decimal.TryParse(text, LiteralNumberStyle, CultureInfo.InvariantCulture, out key))
                    return null;
                return $"'{text}' is not a number (use '.' as the decimal separator)";
            case RecordFieldType.Date:
                if (TryReadDate(text, out key))
                    return null;
                return $"'{text}' is not a date (yyyy-MM-dd)";
            case RecordFieldType.Boolean:
                if (TryReadBoolean(text, out key))
                    return null;
                return $"'{text}' is not true or false";
            default:
                var index = OptionIndex(text);
                key = index;
                return index >= 0 ? null : $"'{text}' is not one of the field's options ({string.Join(", ", _options)})";
        }
    }

    /// <summary>Reads a record value for this type.</summary>
    public FilterSubject Read(string? value)
    {
        if (!IsKeyed)
            return FilterSubject.ForText(value ?? "");
        if (string.IsNullOrEmpty(value))
        {
            // Business Central's numbers and booleans are never blank: an empty one is 0 / false in comparisons.
            return Type switch
            {
                RecordFieldType.Number => FilterSubject.ForKey("", 0m, isEmpty: true),
                RecordFieldType.Boolean => FilterSubject.ForKey("", 0m, isEmpty: true),
                _ => FilterSubject.Blank,
            };
        }
        decimal key;
        var valid = Type switch
        {
            RecordFieldType.Number => decimal.TryParse(value, RecordNumberStyle, CultureInfo.InvariantCulture, out key),
            RecordFieldType.Date => TryReadDate(value, out key),
            RecordFieldType.Boolean => TryReadBoolean(value, out key),
            _ => (key = OptionIndex(value)) >= 0,
        };
        return valid ? FilterSubject.ForKey(value, key) : FilterSubject.Invalid(value);
    }

    public static bool TryReadDate(string? text, out decimal key)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            key = date.DayNumber;
            return true;
        }
        key = 0;
        return false;
    }

    public static bool TryReadBoolean(ReadOnlySpan<char> text, out decimal key)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text is "1")
        {
            key = 1;
            return true;
        }
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase) || text is "0")
        {
            key = 0;
            return true;
        }
        key = 0;
        return false;
    }

    private int OptionIndex(string text)
    {
        for (var i = 0; i < _options.Length; i++)
        {
            if (string.Equals(_options[i], text, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }
}
