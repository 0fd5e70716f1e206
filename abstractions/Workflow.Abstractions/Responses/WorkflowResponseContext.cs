namespace Workflow.Abstractions;

/// <summary>
/// What a response sees and may do while it runs for one workflow instance. The host implements it; changes the response
/// makes through it are committed with the instance's step, so they are never half-applied.
/// </summary>
public abstract class WorkflowResponseContext
{
    /// <summary>The tenant the instance belongs to.</summary>
    public abstract string TenantId { get; }

    /// <summary>The running workflow instance.</summary>
    public abstract Guid InstanceId { get; }

    /// <summary>Code of the workflow the instance runs.</summary>
    public abstract string WorkflowCode { get; }

    /// <summary>Id of the response step being run.</summary>
    public abstract int StepId { get; }

    /// <summary>The record the instance carries, as it is now (including changes made by earlier responses).</summary>
    public abstract WorkflowRecord Record { get; }

    /// <summary>The step's option values, typed against the response's schema.</summary>
    public abstract WorkflowResponseOptions Options { get; }

    /// <summary>The user whose action raised the event being handled, if a user raised it.</summary>
    public abstract string? TriggeredByUserId { get; }

    /// <summary>The host's clock; use it rather than the system clock so tests can move time.</summary>
    public abstract TimeProvider Clock { get; }

    /// <summary>Adds a line to the instance's history (what "Show message" does).</summary>
    public abstract void AddHistory(string message);

    /// <summary>Sets a field of the record the instance carries. The field must exist on the record type.</summary>
    public abstract void SetFieldValue(string field, string? value);
}
