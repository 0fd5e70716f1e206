using System.Globalization;

namespace Workflow.Abstractions;

/// <summary>
/// A business record as a workflow sees it: its type, its id, and its field values in invariant text form
/// (numbers with a dot separator, dates as <c>yyyy-MM-dd</c>, booleans as <c>true</c>/<c>false</c>).
/// </summary>
/// <param name="RecordType">Code of the record's <see cref="RecordTypeDefinition"/>.</param>
/// <param name="RecordId">The record's id within its type, e.g. a document number.</param>
/// <param name="Fields">Field values by field name (compared case-insensitively).</param>
public sealed record WorkflowRecord(string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>The field's text value, or <see langword="null"/> if the record has no such field or it is empty.</summary>
    public string? GetText(string field) => Fields.TryGetValue(field, out var value) ? value : null;

    /// <summary>The field's numeric value, or <see langword="null"/> if it is absent or not a number.</summary>
    public decimal? GetNumber(string field) =>
        decimal.TryParse(GetText(field), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The field's date value, or <see langword="null"/> if it is absent or not a <c>yyyy-MM-dd</c> date.</summary>
    public DateOnly? GetDate(string field) =>
        DateOnly.TryParseExact(GetText(field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
