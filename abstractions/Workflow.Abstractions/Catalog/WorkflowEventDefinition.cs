namespace Workflow.Abstractions;

/// <summary>
/// A workflow event: something that happens to a business record (it is created, its approval is requested, an approval
/// request for it is approved, ...). Workflows start on an event (their entry point) and wait for events between responses.
/// </summary>
/// <param name="Code">Unique code, e.g. <c>RUN_WORKFLOW_ON_SEND_PURCHASE_DOC_FOR_APPROVAL</c>.</param>
/// <param name="Description">What users see when they pick the event, e.g. "Approval of a purchase document is requested."</param>
/// <param name="RecordType">
/// Code of the <see cref="RecordTypeDefinition"/> the event concerns; its fields are what event conditions may filter on.
/// <see langword="null"/> means the event can be raised for any record type (generic events such as "record created").
/// </param>
public sealed record WorkflowEventDefinition(string Code, string Description, string? RecordType)
{
    /// <summary>
    /// True for "record changed" events: they carry the record's previous field values, so conditions may use the change
    /// operators <c>Changed</c>, <c>Increased</c> and <c>Decreased</c>.
    /// </summary>
    public bool UsedForRecordChange { get; init; }
}
