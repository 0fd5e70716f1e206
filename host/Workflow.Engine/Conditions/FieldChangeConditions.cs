using System.Globalization;
using Workflow.Abstractions;

namespace Workflow.Engine.Conditions;

/// <summary>
/// Evaluates and validates field-change conditions (Business Central's workflow rules: <i>Credit Limit (LCY) is
/// Increased</i>), which compare a record's old and new value of one field on record-changed events.
/// </summary>
public static class FieldChangeConditions
{
    /// <summary>Whether the change from <paramref name="oldValue"/> to <paramref name="newValue"/> meets the condition.</summary>
    /// <remarks>
    /// Changed: the values differ, numbers and dates compared as such (<c>100</c> to <c>100.00</c> is no change),
    /// booleans as true/false, options case-insensitively, text ordinally; a blank old value changes when the new one is
    /// not blank. Increased/Decreased: numbers numerically (blank counts as 0), dates chronologically, booleans
    /// false &lt; true (blank counts as false), text ordinally like Business Central's formatted-text comparison; false
    /// when a date or text is blank, when a value is not of the field's type, and for options (they have no order here).
    /// </remarks>
    public static bool Holds(FieldChangeCondition condition, RecordFieldType type, string? oldValue, string? newValue)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Operator switch
        {
            FieldChangeOperator.Changed => Differ(type, oldValue, newValue),
            FieldChangeOperator.Increased => Compare(type, oldValue, newValue) > 0,
            FieldChangeOperator.Decreased => Compare(type, oldValue, newValue) < 0,
            _ => false,
        };
    }

    /// <summary>
    /// Why the condition cannot be used on <paramref name="recordType"/> (unknown field, or an order on a yes/no or option
    /// field), or <see langword="null"/> when it can.
    /// </summary>
    public static string? Problem(FieldChangeCondition condition, RecordTypeDefinition recordType)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(recordType);
        var field = recordType.Fields.FirstOrDefault(f => string.Equals(f.Name, condition.Field?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (field is null)
            return $"the record type {recordType.Description} has no field '{condition.Field}'.";
        if (!Enum.IsDefined(condition.Operator))
            return $"'{condition.Operator}' is not a field-change operator; use Changed, Increased or Decreased.";
        if (condition.Operator != FieldChangeOperator.Changed && field.Type is RecordFieldType.Boolean or RecordFieldType.Option)
        {
            var kind = field.Type == RecordFieldType.Boolean ? "a yes/no" : "an option";
            return $"'{field.Name}' is {kind} field, which cannot be {condition.Operator}; use Changed.";
        }
        return null;
    }

    private static bool Differ(RecordFieldType type, string? oldValue, string? newValue)
    {
        var oldBlank = string.IsNullOrEmpty(oldValue);
        var newBlank = string.IsNullOrEmpty(newValue);
        if (oldBlank || newBlank)
            return oldBlank != newBlank;
        if (TryKey(type, oldValue!, out var oldKey) && TryKey(type, newValue!, out var newKey))
            return oldKey != newKey;
        var comparison = type == RecordFieldType.Option ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return !string.Equals(oldValue, newValue, comparison);
    }

    /// <summary>Sign of new minus old; 0 when they cannot be ordered.</summary>
    private static int Compare(RecordFieldType type, string? oldValue, string? newValue)
    {
        switch (type)
        {
            case RecordFieldType.Number:
            case RecordFieldType.Boolean:
                // Business Central's numbers and booleans are never blank: blank is 0 / false.
                return TryKeyOrDefault(type, oldValue, out var oldKey) && TryKeyOrDefault(type, newValue, out var newKey)
                    ? newKey.CompareTo(oldKey)
                    : 0;
            case RecordFieldType.Date:
                return FieldTyping.TryReadDate(oldValue, out var oldDay) && FieldTyping.TryReadDate(newValue, out var newDay)
                    ? newDay.CompareTo(oldDay)
                    : 0;
            case RecordFieldType.Text:
                return string.IsNullOrEmpty(oldValue) || string.IsNullOrEmpty(newValue)
                    ? 0
                    : Math.Sign(string.CompareOrdinal(newValue, oldValue));
            default:
                return 0;
        }
    }

    private static bool TryKeyOrDefault(RecordFieldType type, string? value, out decimal key)
    {
        if (string.IsNullOrEmpty(value))
        {
            key = 0;
            return true;
        }
        return TryKey(type, value, out key);
    }

    private static bool TryKey(RecordFieldType type, string value, out decimal key)
    {
        switch (type)
        {
            case RecordFieldType.Number:
                return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out key);
            case RecordFieldType.Date:
                return FieldTyping.TryReadDate(value, out key);
            case RecordFieldType.Boolean:
                return FieldTyping.TryReadBoolean(value, out key);
            default:
                key = 0;
                return false;
        }
    }
}
