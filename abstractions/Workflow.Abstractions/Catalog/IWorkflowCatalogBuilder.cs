namespace Workflow.Abstractions;

/// <summary>
/// Collects what one plugin adds to the host: record types, workflow events, workflow responses and workflow templates.
/// Registrations are kept only if the whole plugin registers without error and none of its codes is already taken by
/// another plugin (codes compare case-insensitively).
/// </summary>
public interface IWorkflowCatalogBuilder
{
    /// <summary>Declares a kind of business record (e.g. <c>PURCHASE_HEADER</c>) and the fields conditions may filter on.</summary>
    void AddRecordType(RecordTypeDefinition recordType);

    /// <summary>Declares a workflow event that workflows can start on or wait for.</summary>
    void AddEvent(WorkflowEventDefinition workflowEvent);

    /// <summary>Declares a workflow response, with its options schema and the code that executes it.</summary>
    void AddResponse(WorkflowResponseDefinition response);

    /// <summary>Declares a preconfigured workflow that users copy to make their own workflows.</summary>
    void AddTemplate(WorkflowTemplateDefinition template);
}
