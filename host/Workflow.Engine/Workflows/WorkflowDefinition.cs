using Workflow.Abstractions;

namespace Workflow.Engine.Workflows;

/// <summary>
/// A tenant's workflow (Business Central's Workflow header and its steps). Enabled workflows react to events; templates
/// are only copied. <see cref="Version"/> changes on every save, and guards updates against lost writes.
/// </summary>
/// <param name="Code">Unique within the tenant; upper case, like Business Central's Code[20].</param>
/// <param name="RecordType">
/// The record type the workflow carries, needed when its entry point is a generic event (such as "record created") with
/// conditions; events tied to a record type imply it.
/// </param>
public sealed record WorkflowDefinition(
    string Code,
    string Description,
    string? Category,
    string? RecordType,
    bool Enabled,
    bool IsTemplate,
    IReadOnlyList<WorkflowStepDefinition> Steps,
    long Version,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The step without a previous step: the event that starts an instance.</summary>
    public WorkflowStepDefinition? EntryPoint => Steps.FirstOrDefault(s => s.PreviousStepId is null);
}
