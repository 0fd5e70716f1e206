namespace Workflow.Abstractions;

/// <summary>A kind of business record workflows carry (a purchase document, a customer, ...), with the fields conditions may filter on.</summary>
/// <param name="Code">Unique code, e.g. <c>PURCHASE_DOCUMENT</c>; it holds no slash (<c>/</c>), which separates record type and id in a record's key.</param>
/// <param name="Description">Name users see, e.g. "Purchase Document".</param>
/// <param name="Fields">The record's fields; event conditions may only name these.</param>
public sealed record RecordTypeDefinition(string Code, string Description, IReadOnlyList<RecordFieldDefinition> Fields);

/// <summary>A field of a record type.</summary>
/// <param name="Name">Field name as it appears in record values and conditions, e.g. <c>Amount</c>.</param>
/// <param name="Type">How values are compared in conditions.</param>
public sealed record RecordFieldDefinition(string Name, RecordFieldType Type)
{
    /// <summary>For <see cref="RecordFieldType.Option"/>: the values the field can take, e.g. Open, Pending Approval, Released.</summary>
    public IReadOnlyList<string> OptionValues { get; init; } = [];
}

/// <summary>Field types; they decide how a condition such as <c>&gt;1000</c> compares (as numbers, dates, text...).</summary>
public enum RecordFieldType
{
    /// <summary>Text, compared as text (case-sensitively unless the filter starts with <c>@</c>).</summary>
    Text,
    /// <summary>A number, compared numerically.</summary>
    Number,
    /// <summary>A calendar date (ISO 8601, <c>yyyy-MM-dd</c>), compared chronologically.</summary>
    Date,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>One of a fixed list of values (<see cref="RecordFieldDefinition.OptionValues"/>).</summary>
    Option,
}
