namespace Workflow.Abstractions;

/// <summary>
/// A preconfigured workflow (Business Central's workflow template, e.g. <c>MS-PIW</c> "Purchase Invoice Approval Workflow").
/// Templates cannot be enabled or edited; users copy them to make workflows.
/// </summary>
/// <param name="Code">Unique code; the built-in ones are prefixed <c>WF-</c> (Business Central's <c>MS-</c>), a partner should use its own prefix.</param>
/// <param name="Description">What the workflow does.</param>
/// <param name="Category">Workflow category code, e.g. <c>PURCHDOC</c>.</param>
/// <param name="Steps">The steps, linked through <see cref="WorkflowStepDefinition.PreviousStepId"/>.</param>
public sealed record WorkflowTemplateDefinition(string Code, string Description, string Category, IReadOnlyList<WorkflowStepDefinition> Steps)
{
    /// <summary>
    /// The code of the Business Central template this one reproduces (e.g. <c>MS-PIAPW</c>), so its users recognise it;
    /// <see langword="null"/> for a template Business Central does not ship.
    /// </summary>
    public string? BusinessCentralCode { get; init; }
}

/// <summary>
/// One step of a workflow: an event (with conditions on the record) or a response (with options). Steps form a tree
/// through <see cref="PreviousStepId"/>: an entry-point event, the responses that follow it in order, then the event steps
/// the instance waits for next, each followed by its responses, and so on.
/// </summary>
/// <param name="Id">Step id, unique within the workflow.</param>
/// <param name="Type">Event or response.</param>
/// <param name="FunctionCode">The event or response code.</param>
/// <param name="PreviousStepId">The step this one follows; <see langword="null"/> for an entry point.</param>
public sealed record WorkflowStepDefinition(int Id, WorkflowStepType Type, string FunctionCode, int? PreviousStepId)
{
    /// <summary>True for the event that starts an instance.</summary>
    public bool EntryPoint { get; init; }

    /// <summary>Order among sibling event steps: the first sibling whose conditions hold wins, the others are ignored.</summary>
    public int SequenceNo { get; init; } = 1;

    /// <summary>An explicit jump to another step after this one (used to loop back, e.g. while approvals are pending).</summary>
    public int? NextStepId { get; init; }

    /// <summary>What users see for the step.</summary>
    public string? Description { get; init; }

    /// <summary>Event steps: record filters in Business Central filter syntax, by field name (<c>Amount</c> → <c>&gt;1000</c>). All must hold.</summary>
    public IReadOnlyDictionary<string, string> Conditions { get; init; } = new Dictionary<string, string>();

    /// <summary>Event steps of record-changed events: field-change conditions comparing old and new values.</summary>
    public IReadOnlyList<FieldChangeCondition> ChangeConditions { get; init; } = [];

    /// <summary>Response steps: option values in invariant text form, by option name.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>Kinds of workflow steps.</summary>
public enum WorkflowStepType
{
    /// <summary>Waits for an event.</summary>
    Event,
    /// <summary>Runs a response.</summary>
    Response,
}

/// <summary>A condition on how a field changed, for record-changed events (Business Central's workflow rule).</summary>
/// <param name="Field">The watched field.</param>
/// <param name="Operator">How the new value must compare to the old one.</param>
public sealed record FieldChangeCondition(string Field, FieldChangeOperator Operator);

/// <summary>Operators of <see cref="FieldChangeCondition"/>.</summary>
public enum FieldChangeOperator
{
    /// <summary>The value differs from the previous one.</summary>
    Changed,
    /// <summary>The value is greater than the previous one.</summary>
    Increased,
    /// <summary>The value is less than the previous one.</summary>
    Decreased,
}
