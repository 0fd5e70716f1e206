using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Events;

/// <summary>
/// Events of incoming documents (catalogue §2.8) that need no OCR or document exchange service: created, approval
/// requested and canceled, released.
/// </summary>
public static class IncomingDocumentEvents
{
    /// <summary>Code of <see cref="Created"/> (RUNWORKFLOWONAFTERINSERTINCOMINGDOCUMENT).</summary>
    public const string CreatedCode = "INCOMING_DOCUMENT_CREATED";

    /// <summary>Code of <see cref="ApprovalRequested"/> (RUNWORKFLOWONSENDINCOMINGDOCFORAPPROVAL).</summary>
    public const string ApprovalRequestedCode = "INCOMING_DOCUMENT_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="ApprovalCanceled"/> (RUNWORKFLOWONCANCELINCOMINGDOCAPPROVALREQUEST).</summary>
    public const string ApprovalCanceledCode = "INCOMING_DOCUMENT_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="Released"/> (RUNWORKFLOWONAFTERRELEASEINCOMINGDOC).</summary>
    public const string ReleasedCode = "INCOMING_DOCUMENT_RELEASED";

    /// <summary>"An incoming document is created."</summary>
    public static WorkflowEventDefinition Created { get; } =
        new(CreatedCode, "An incoming document is created.", IncomingDocumentRecordType.Code);

    /// <summary>"Approval of an incoming document is requested."</summary>
    public static WorkflowEventDefinition ApprovalRequested { get; } =
        ApprovalEvents.Requested(ApprovalRequestedCode, "incoming document", IncomingDocumentRecordType.Code);

    /// <summary>"An approval request for an incoming document is canceled."</summary>
    public static WorkflowEventDefinition ApprovalCanceled { get; } =
        ApprovalEvents.Canceled(ApprovalCanceledCode, "incoming document", IncomingDocumentRecordType.Code);

    /// <summary>"An incoming document is released."</summary>
    public static WorkflowEventDefinition Released { get; } =
        new(ReleasedCode, "An incoming document is released.", IncomingDocumentRecordType.Code);

    /// <summary>Every incoming document event.</summary>
    public static IReadOnlyList<WorkflowEventDefinition> All { get; } = [Created, ApprovalRequested, ApprovalCanceled, Released];
}
