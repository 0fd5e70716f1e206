using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's incoming document templates that need no OCR or document exchange service (catalogue §6.2):
/// a notification when an incoming document arrives, and its approval on the document pattern P1.
/// </summary>
public static class IncomingDocumentTemplates
{
    /// <summary>Workflow category of integration templates (incoming documents).</summary>
    public const string IntegrationCategory = "INT";

    /// <summary>Code of <see cref="IncomingDocumentNotification"/>.</summary>
    public const string IncomingDocumentCode = "WF-INCDOC";

    /// <summary>Code of <see cref="IncomingDocumentApproval"/>.</summary>
    public const string IncomingDocumentApprovalCode = "WF-INCDOCAPW";

    /// <summary>
    /// "An incoming document is created." → "Create a notification for &lt;User&gt;" (MS-INCDOC). The recipient is left
    /// blank, as in Business Central: a copy is enabled once it names who is told.
    /// </summary>
    public static WorkflowTemplateDefinition IncomingDocumentNotification { get; } = new(
        IncomingDocumentCode,
        "Incoming Document Workflow",
        IntegrationCategory,
        [
            new(1, WorkflowStepType.Event, IncomingDocumentEvents.CreatedCode, PreviousStepId: null) { EntryPoint = true },
            new(2, WorkflowStepType.Response, GenericResponseCodes.CreateNotificationEntry, 1)
            {
                Options = new Dictionary<string, string> { [GenericResponseCodes.RecipientUserIdOption] = "" },
            },
        ])
    {
        BusinessCentralCode = "MS-INCDOC",
    };

    /// <summary>
    /// A New incoming document waits for the approval of a workflow user group, still to be named, before it is released
    /// (MS-INCDOCAPW); a rejected or canceled one is New again.
    /// </summary>
    public static WorkflowTemplateDefinition IncomingDocumentApproval { get; } = DocumentApprovalTemplates.Build(
        IncomingDocumentApprovalCode,
        "Incoming Document Approval Workflow",
        IntegrationCategory,
        IncomingDocumentEvents.ApprovalRequestedCode,
        IncomingDocumentEvents.ApprovalCanceledCode,
        new Dictionary<string, string> { [ApprovalStatus.Field] = IncomingDocumentRecordType.New },
        "Workflow User Group",
        "Direct Approver",
        "Request") with { BusinessCentralCode = "MS-INCDOCAPW" };

    /// <summary>Both incoming document templates.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } = [IncomingDocumentNotification, IncomingDocumentApproval];
}
