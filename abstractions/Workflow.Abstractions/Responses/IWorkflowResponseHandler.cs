namespace Workflow.Abstractions;

/// <summary>The code behind a workflow response. One instance serves every workflow that uses the response.</summary>
public interface IWorkflowResponseHandler
{
    /// <summary>
    /// Runs the response for one workflow instance. Throwing marks the step failed with the exception's message and stops
    /// that instance; other instances are not affected.
    /// </summary>
    Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Checks option combinations the schema cannot express (e.g. "a workflow user group is required when the approver
    /// type is Workflow User Group"). Called when a workflow is saved and enabled; each returned text is one problem.
    /// Values are already type-checked against the schema.
    /// </summary>
    IEnumerable<string> ValidateOptions(WorkflowResponseOptions options) => [];
}
