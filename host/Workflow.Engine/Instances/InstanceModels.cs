using Workflow.Abstractions;

namespace Workflow.Engine.Instances;

/// <summary>Status of one step of a running instance (Business Central's Workflow Step Instance status, plus Failed).</summary>
[GenerateSerializer, Alias("wf.StepInstanceStatus")]
public enum StepInstanceStatus { Inactive, Active, Processing, Completed, Ignored, Failed }

/// <summary>Status of a workflow instance.</summary>
[GenerateSerializer, Alias("wf.InstanceStatus")]
public enum InstanceStatus { Running, Completed, Failed, Canceled }

/// <summary>A step of an instance: its own copy of the workflow step, so later edits of the workflow never reach it.</summary>
[GenerateSerializer, Alias("wf.StepInstance")]
public sealed class StepInstance
{
    [Id(0)] public int StepId { get; set; }
    [Id(1)] public WorkflowStepType Type { get; set; }
    [Id(2)] public string FunctionCode { get; set; } = "";
    [Id(3)] public int? PreviousStepId { get; set; }
    [Id(4)] public int? NextStepId { get; set; }
    [Id(5)] public int SequenceNo { get; set; }
    [Id(6)] public string? Description { get; set; }
    // Read-only: activations share these between instances of the same workflow (SharedStepParts).
    [Id(7)] public IReadOnlyDictionary<string, string> Conditions { get; set; } = new Dictionary<string, string>();
    [Id(8)] public IReadOnlyList<FieldChangeCondition> ChangeConditions { get; set; } = [];
    [Id(9)] public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
    [Id(10)] public StepInstanceStatus Status { get; set; }
    [Id(11)] public string? Error { get; set; }
    [Id(12)] public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>A line of an instance's history: events taken, responses run, messages shown, errors.</summary>
[GenerateSerializer, Alias("wf.InstanceHistoryEntry")]
public sealed record InstanceHistoryEntry(DateTimeOffset At, string Kind, int? StepId, string Text);

/// <summary>A field change held by a "revert" response until it is applied or discarded.</summary>
[GenerateSerializer, Alias("wf.HeldChange")]
public sealed class HeldChange
{
    [Id(0)] public string Field { get; set; } = "";
    [Id(1)] public string? OldValue { get; set; }
    [Id(2)] public string? NewValue { get; set; }
    [Id(3)] public bool Active { get; set; } = true;
}

/// <summary>An event as it reaches the workflows of one record.</summary>
/// <param name="EventId">Unique per event; a retry of the same event carries the same id and has one effect.</param>
/// <param name="EventData">
/// Values of the event's own record type when it is not the record's (an approval event carries its approval entry's
/// "Pending Approvals"); conditions on the event step see them over the record's fields.
/// </param>
[GenerateSerializer, Immutable, Alias("wf.RecordEvent")]
public sealed record RecordEvent(
    string EventId,
    string EventCode,
    string? UserId,
    IReadOnlyDictionary<string, string?> PreviousFields,
    DateTimeOffset RaisedAt,
    IReadOnlyDictionary<string, string?>? EventData = null);

/// <summary>The record an event concerns, as it is when the event reaches an instance.</summary>
[GenerateSerializer, Immutable, Alias("wf.RecordSnapshot")]
public sealed record RecordSnapshot(string RecordType, string RecordId, IReadOnlyDictionary<string, string?> Fields);

/// <summary>How an instance changes its record's restriction.</summary>
[GenerateSerializer, Alias("wf.RestrictionChange")]
public enum RestrictionChange { None, Restrict, Allow }

/// <summary>What handling one event did to an instance, and what the record must take over from it.</summary>
/// <param name="RaisedEventData">Per raised event (same order), the values of its own record type, if it carries any.</param>
/// <param name="Posting">Whether a response asked to post the record, now or in the background; the record grain does it.</param>
[GenerateSerializer, Immutable, Alias("wf.InstanceOutcome")]
public sealed record InstanceOutcome(
    bool Consumed,
    InstanceStatus Status,
    IReadOnlyList<string> WaitingFor,
    IReadOnlyDictionary<string, string?> FieldChanges,
    RestrictionChange Restriction,
    string? RestrictionDetails,
    IReadOnlyList<string> RaisedEvents,
    string? Error,
    IReadOnlyList<IReadOnlyDictionary<string, string?>?>? RaisedEventData = null,
    Workflow.Engine.Posting.PostingRequest Posting = Workflow.Engine.Posting.PostingRequest.None)
{
    public static InstanceOutcome NotConsumed(InstanceStatus status, IReadOnlyList<string> waitingFor) =>
        new(false, status, waitingFor, new Dictionary<string, string?>(), RestrictionChange.None, null, [], null);
}

/// <summary>
/// The engine's own responses (not a plugin's) raising an event that carries values of its own record type, such as the
/// approval entry's "Pending Approvals", in the same turn; and the id of the event the response runs for.
/// </summary>
internal interface IEngineResponseContext
{
    string EventId { get; }

    void RaiseEvent(string eventCode, IReadOnlyDictionary<string, string?> eventData);
}
