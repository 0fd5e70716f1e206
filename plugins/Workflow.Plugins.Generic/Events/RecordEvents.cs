using Workflow.Abstractions;

namespace Workflow.Plugins.Generic.Events;

/// <summary>
/// Events raised for any record type (<see cref="WorkflowEventDefinition.RecordType"/> is <see langword="null"/>), the
/// generic counterparts of Business Central's per-table events such as "A customer record is changed.".
/// </summary>
public static class RecordEvents
{
    /// <summary>Code of <see cref="RecordCreated"/>.</summary>
    public const string RecordCreatedCode = "RECORD_CREATED";

    /// <summary>Code of <see cref="RecordChanged"/>.</summary>
    public const string RecordChangedCode = "RECORD_CHANGED";

    /// <summary>Code of <see cref="RecordDeleted"/>.</summary>
    public const string RecordDeletedCode = "RECORD_DELETED";

    /// <summary>A record is created.</summary>
    public static WorkflowEventDefinition RecordCreated { get; } = new(RecordCreatedCode, "A record is created.", RecordType: null);

    /// <summary>
    /// A record is changed. It carries the previous field values, so conditions may ask whether a field changed,
    /// increased or decreased (Business Central's "Used for Record Change").
    /// </summary>
    public static WorkflowEventDefinition RecordChanged { get; } =
        new(RecordChangedCode, "A record is changed.", RecordType: null) { UsedForRecordChange = true };

    /// <summary>A record is deleted.</summary>
    public static WorkflowEventDefinition RecordDeleted { get; } = new(RecordDeletedCode, "A record is deleted.", RecordType: null);

    /// <summary>Every generic event, in the order users see them.</summary>
    public static IReadOnlyList<WorkflowEventDefinition> All { get; } = [RecordCreated, RecordChanged, RecordDeleted];
}
