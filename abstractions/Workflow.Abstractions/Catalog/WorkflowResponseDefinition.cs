namespace Workflow.Abstractions;

/// <summary>
/// A workflow response: what the engine does after an event, such as "Set the document status to Pending Approval",
/// "Create an approval request", "Show a message". A system task (release or post a document) is a response too.
/// </summary>
/// <param name="Code">Unique code, e.g. <c>SHOW_MESSAGE</c>.</param>
/// <param name="Description">What users see; it may contain <c>%1</c>-style placeholders filled from options.</param>
/// <param name="RecordType">Code of the record type the response works on, or <see langword="null"/> for any record type.</param>
/// <param name="Options">The options users set on a step that uses the response; checked when a workflow is saved and enabled.</param>
/// <param name="Handler">Runs the response for one workflow instance. Must be safe to call concurrently for different instances.</param>
public sealed record WorkflowResponseDefinition(
    string Code,
    string Description,
    string? RecordType,
    ResponseOptionsSchema Options,
    IWorkflowResponseHandler Handler)
{
    /// <summary>
    /// Codes of the events or responses this response may directly follow in a workflow (Business Central's
    /// "WF Event/Response Combinations"). Empty means it may follow any event or response.
    /// </summary>
    public IReadOnlyList<string> AllowedPredecessors { get; init; } = [];

    /// <summary>
    /// True when the response may directly follow only a record-change event: an event whose
    /// <see cref="WorkflowEventDefinition.UsedForRecordChange"/> is set, whichever plugin registers it, or one of
    /// <see cref="AllowedPredecessors"/>. Business Central's "Revert the value of the field" is such a response: only a
    /// record-change event knows the value to put back. A partner's own change events qualify by declaring themselves
    /// record-change events, without the response's plugin having to name them.
    /// </summary>
    public bool FollowsRecordChangeEvents { get; init; }

    /// <summary>
    /// Record types of the records this response makes, on which the instance may continue (Business Central's table
    /// relations of a workflow): "post the document" makes the posted invoice, "create a payment journal line" the line.
    /// An event of one of these types may follow the response's event in a workflow; the host moves the instance to the
    /// record when the record's event reaches it.
    /// </summary>
    public IReadOnlyList<string> ContinuesOnRecordTypes { get; init; } = [];
}
