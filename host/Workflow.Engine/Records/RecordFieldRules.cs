using System.Globalization;
using Workflow.Abstractions;

namespace Workflow.Engine.Records;

/// <summary>Checks a field value, in its invariant text form, against the field's type.</summary>
public static class RecordFieldRules
{
    public static string? Problem(RecordFieldDefinition field, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        return field.Type switch
        {
            RecordFieldType.Number when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) =>
                $"'{value}' is not a number (use a dot for decimals).",
            RecordFieldType.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
                $"'{value}' is not a date in the form yyyy-MM-dd.",
            RecordFieldType.Boolean when !bool.TryParse(value, out _) => $"'{value}' is not true or false.",
            RecordFieldType.Option when field.OptionValues.Count > 0 && !field.OptionValues.Contains(value, StringComparer.OrdinalIgnoreCase) =>
                $"'{value}' is not one of: {string.Join(", ", field.OptionValues)}.",
            _ => null,
        };
    }
}
