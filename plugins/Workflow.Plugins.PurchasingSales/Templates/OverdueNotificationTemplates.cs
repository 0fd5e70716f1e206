using Workflow.Abstractions;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's MS-OVERDUE (catalogue §6.2): the batch job "Send Overdue Approval Notifications" raises its event
/// (here <c>POST /approvals/send-overdue-notifications</c>, for tenant administrators), and the workflow tells every
/// approver of an Open entry due on or before today:
/// <code>
/// WHEN The overdue approval notifications batch job will be run.   [entry point]
///   THEN Create notification for overdue approval requests.
/// </code>
/// Without an enabled workflow on that event the batch job is refused ("There is no workflow enabled for sending overdue
/// approval notifications.").
/// </summary>
public static class OverdueNotificationTemplates
{
    /// <summary>Workflow category of administration templates.</summary>
    public const string AdministrationCategory = "ADMIN";

    /// <summary>Code of <see cref="OverdueApprovalRequests"/>.</summary>
    public const string OverdueApprovalRequestsCode = "WF-OVERDUE";

    /// <summary>Approvers are told of their overdue approval requests when the batch job runs (MS-OVERDUE).</summary>
    public static WorkflowTemplateDefinition OverdueApprovalRequests { get; } = new(
        OverdueApprovalRequestsCode,
        "Overdue Approval Requests Workflow",
        AdministrationCategory,
        [
            new(1, WorkflowStepType.Event, HostApprovalCodes.OverdueNotificationsRequested, PreviousStepId: null) { EntryPoint = true },
            new(2, WorkflowStepType.Response, HostApprovalCodes.CreateOverdueNotifications, 1),
        ])
    {
        BusinessCentralCode = "MS-OVERDUE",
    };

    /// <summary>The administration templates.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } = [OverdueApprovalRequests];
}
