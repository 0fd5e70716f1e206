namespace Workflow.Abstractions;

/// <summary>A kind of business record workflows carry (a purchase document, a customer, ...), with the fields conditions may filter on.</summary>
/// <param name="Code">Unique code, e.g. <c>PURCHASE_DOCUMENT</c>; it holds no slash (<c>/</c>), which separates record type and id in a record's key.</param>
/// <param name="Description">Name users see, e.g. "Purchase Document".</param>
/// <param name="Fields">The record's fields; event conditions may only name these.</param>
public sealed record RecordTypeDefinition(string Code, string Description, IReadOnlyList<RecordFieldDefinition> Fields)
{
    /// <summary>
    /// What deleting a record of this type does to its approval (Business Central's rule per table): a document or master
    /// record takes its approval entries and restriction with it; a journal batch or line refuses while entries are open.
    /// </summary>
    public RecordDeletion Deletion { get; init; } = RecordDeletion.TakesApprovalEntries;

    /// <summary>
    /// For a line type: the record type of the batch (or header) its lines belong to, e.g. <c>GEN_JOURNAL_BATCH</c> for
    /// <c>GEN_JOURNAL_LINE</c>. A line's record id is its parent's record id, a <c>/</c>, then the line's own key (Business
    /// Central's primary key order: <c>GENERAL/DEFAULT/10000</c> is line 10000 of batch <c>GENERAL/DEFAULT</c>). The
    /// parent's approval is refused while one of its lines has an open approval request.
    /// </summary>
    public string? ParentRecordType { get; init; }

    /// <summary>
    /// Business Central's journal line rule (its Record Restriction Mgt.): while an enabled approval workflow covers a
    /// record of this type, or its parent's (<see cref="ParentRecordType"/>, the batch), every insert or change of the
    /// record by a caller restricts its posting until an approval lifts it: the record's own, or its parent's. A line added
    /// or changed after its batch (or itself) was approved does not post unseen. The record can still be changed and sent
    /// for approval meanwhile; records the engine makes itself (Business Central's system-created entries) are left alone.
    /// </summary>
    public bool RestrictPostingOnChangeWhileApprovalEnabled { get; init; }

    /// <summary>
    /// For a document type that can be posted (a purchase or sales document): what posting one means. Posting needs the
    /// document Released, unrestricted and without open approval entries; it removes the open document.
    /// </summary>
    public IDocumentPosting? DocumentPosting { get; init; }

    /// <summary>For a journal batch type that can be posted: what posting a batch with its lines means.</summary>
    public IJournalPosting? JournalPosting { get; init; }
}

/// <summary>What deleting a record does while its approval is pending (<see cref="RecordTypeDefinition.Deletion"/>).</summary>
public enum RecordDeletion
{
    /// <summary>The record's approval entries (history included), running workflow instances and restriction go with it.</summary>
    TakesApprovalEntries,
    /// <summary>Refused while the record has open approval entries: the approval request must be canceled first.</summary>
    RefusedWhilePending,
}

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
