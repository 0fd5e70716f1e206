using Workflow.Abstractions;

namespace Workflow.Engine.Instances;

/// <summary>Status of one step of a running instance (Business Central's Workflow Step Instance status, plus Failed).</summary>
public enum StepInstanceStatus { Inactive, Active, Processing, Completed, Ignored, Failed }

/// <summary>Status of a workflow instance.</summary>
public enum InstanceStatus { Running, Completed, Failed }

/// <summary>A step of an instance: its own copy of the workflow step, so later edits of the workflow never reach it.</summary>
public sealed class StepInstance
{
    public int StepId { get; set; }
    public WorkflowStepType Type { get; set; }
    public string FunctionCode { get; set; } = "";
    public int? PreviousStepId { get; set; }
    public int? NextStepId { get; set; }
    public int SequenceNo { get; set; }
    public string? Description { get; set; }
    // Read-only: activations share these between instances of the same workflow (SharedStepParts).
    public IReadOnlyDictionary<string, string> Conditions { get; set; } = new Dictionary<string, string>();
    public IReadOnlyList<FieldChangeCondition> ChangeConditions { get; set; } = [];
    public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
    public StepInstanceStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>A line of an instance's history: events taken, responses run, messages shown, errors.</summary>
public sealed record InstanceHistoryEntry(DateTimeOffset At, string Kind, int? StepId, string Text);

/// <summary>A field change held by a "revert" response until it is applied or discarded.</summary>
public sealed class HeldChange
{
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public bool Active { get; set; } = true;
}

/// <summary>An event as it reaches the workflows of one record.</summary>
/// <param name="EventId">Unique per event; a retry of the same event carries the same id and has one effect.</param>
/// <param name="EventData">
/// Values of the event's own record type when it is not the record's (an approval event carries its approval entry's
/// "Pending Approvals"); conditions on the event step see them over the record's fields.
/// </param>
public sealed record RecordEvent(
    string EventId,
    string EventCode,
    string? UserId,
    IReadOnlyDictionary<string, string?> PreviousFields,
    DateTimeOffset RaisedAt,
    IReadOnlyDictionary<string, string?>? EventData = null);

/// <summary>The record an event concerns, as it is when the event reaches an instance.</summary>
public sealed record RecordSnapshot(string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields);

/// <summary>How an instance changes its record's restriction.</summary>
public enum RestrictionChange { None, Restrict, Allow }

/// <summary>What handling one event did to an instance, and what the record must take over from it.</summary>
public sealed record InstanceOutcome(
    bool Consumed,
    InstanceStatus Status,
    IReadOnlyList<string> WaitingFor,
    IReadOnlyDictionary<string, string?> FieldChanges,
    RestrictionChange Restriction,
    string? RestrictionDetails,
    IReadOnlyList<string> RaisedEvents,
    string? Error)
{
    public static InstanceOutcome NotConsumed(InstanceStatus status, IReadOnlyList<string> waitingFor) =>
        new(false, status, waitingFor, new Dictionary<string, string?>(), RestrictionChange.None, null, [], null);
}
