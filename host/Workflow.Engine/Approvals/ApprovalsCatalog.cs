using System.Globalization;
using Workflow.Abstractions;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Grains;

namespace Workflow.Engine.Approvals;

/// <summary>
/// The approval module's part of the catalogue, registered by the host before any plugin: the approval responses
/// (create, send, approve, reject all, cancel all, delegate) and the approval events the workflows of the approved record
/// wait for, whose conditions may use the approval entry's fields such as "Pending Approvals".
/// </summary>
public sealed class ApprovalsCatalog(IGrainFactory grains, ApprovalEntryIndex? entries = null) : IWorkflowPlugin
{
    public const string ApprovalEntryRecordType = "APPROVAL_ENTRY";

    /// <summary>"The overdue approval notifications batch job will be run." (RUNWORKFLOWONSENDOVERDUENOTIFICATIONS).</summary>
    public const string OverdueNotificationsRequested = "OVERDUE_APPROVAL_NOTIFICATIONS_REQUESTED";

    /// <summary>"Create notification for overdue approval requests." (CREATEOVERDUENOTIFICATIONS).</summary>
    public const string CreateOverdueNotifications = "CREATE_OVERDUE_NOTIFICATIONS";

    /// <summary>The record the batch job's event is raised on: the run concerns every overdue entry, not one.</summary>
    public const string OverdueRunRecordId = "OVERDUE-NOTIFICATIONS";

    /// <summary>Business Central's refusal of the batch job when no workflow would run for it.</summary>
    public const string NoOverdueWorkflowMessage = "There is no workflow enabled for sending overdue approval notifications.";

    /// <summary>
    /// The approval entry's field naming the workflow instance whose request it belongs to (Business Central's
    /// "Workflow Step Instance ID"): an approval event reaches that instance only.
    /// </summary>
    public const string WorkflowStepInstanceIdField = "Workflow Step Instance ID";

    private static readonly string[] ApproverTypes = ["Salesperson/Purchaser", "Approver", "Workflow User Group"];
    private static readonly string[] LimitTypes = ["Approver Chain", "Direct Approver", "First Qualified Approver", "Specific Approver"];
    private static readonly string[] DelegateAfter = ["Never", "1 day", "2 days", "5 days"];

    public void Register(IWorkflowCatalogBuilder catalog)
    {
        catalog.AddRecordType(new RecordTypeDefinition(ApprovalEntryRecordType, "Approval Entry",
        [
            new RecordFieldDefinition("Pending Approvals", RecordFieldType.Number),
            new RecordFieldDefinition("Sequence No.", RecordFieldType.Number),
            new RecordFieldDefinition("Approver ID", RecordFieldType.Text),
            new RecordFieldDefinition("Sender ID", RecordFieldType.Text),
            new RecordFieldDefinition("Status", RecordFieldType.Option) { OptionValues = Enum.GetNames<ApprovalStatus>() },
            new RecordFieldDefinition("Amount", RecordFieldType.Number),
            new RecordFieldDefinition(WorkflowStepInstanceIdField, RecordFieldType.Text),
        ]));
        catalog.AddEvent(new WorkflowEventDefinition("APPROVAL_REQUEST_APPROVED", "An approval request is approved.", ApprovalEntryRecordType));
        catalog.AddEvent(new WorkflowEventDefinition("APPROVAL_REQUEST_REJECTED", "An approval request is rejected.", ApprovalEntryRecordType));
        catalog.AddEvent(new WorkflowEventDefinition("APPROVAL_REQUEST_DELEGATED", "An approval request is delegated.", ApprovalEntryRecordType));
        catalog.AddEvent(new WorkflowEventDefinition("APPROVAL_REQUEST_CANCELED", "An approval request is canceled.", ApprovalEntryRecordType));
        catalog.AddEvent(new WorkflowEventDefinition(OverdueNotificationsRequested, "The overdue approval notifications batch job will be run.", ApprovalEntryRecordType));

        catalog.AddResponse(new WorkflowResponseDefinition("CREATE_APPROVAL_REQUESTS", "Create an approval request for the record using approver type %1 and %2.", null,
            new ResponseOptionsSchema(
            [
                new ResponseOptionDefinition("approverType", ResponseOptionType.Option) { AllowedValues = ApproverTypes, DefaultValue = "Approver" },
                new ResponseOptionDefinition("approverLimitType", ResponseOptionType.Option) { AllowedValues = LimitTypes, DefaultValue = "Approver Chain" },
                new ResponseOptionDefinition("workflowUserGroupCode", ResponseOptionType.Text) { Description = "Required for approver type Workflow User Group." },
                new ResponseOptionDefinition("approverUserId", ResponseOptionType.UserId) { Description = "Required for limit type Specific Approver." },
                new ResponseOptionDefinition("dueDateFormula", ResponseOptionType.DateFormula) { Description = "When entries are due, e.g. <2D>, <1W>, <CM+5D>." },
                new ResponseOptionDefinition("delegateAfter", ResponseOptionType.Option) { AllowedValues = DelegateAfter, DefaultValue = "Never" },
                new ResponseOptionDefinition("approvalLimit", ResponseOptionType.Option) { AllowedValues = Enum.GetNames<ApprovalLimitKind>(), DefaultValue = "Request", Description = "Which approval limit of the approvers the amount is compared with." },
                new ResponseOptionDefinition("amountField", ResponseOptionType.FieldName) { DefaultValue = "Amount" },
                new ResponseOptionDefinition("groupCompletion", ResponseOptionType.Option) { AllowedValues = Enum.GetNames<GroupCompletion>(), DefaultValue = "All", Description = "Workflow user groups: all members of a sequence approve, any one, or a quorum." },
                new ResponseOptionDefinition("quorum", ResponseOptionType.Integer) { DefaultValue = "1" },
            ]),
            new CreateApprovalRequestsResponse(grains)));
        catalog.AddResponse(new WorkflowResponseDefinition("CREATE_AND_APPROVE_APPROVAL_REQUEST_AUTOMATICALLY", "Create and approve an approval request automatically.", null,
            ResponseOptionsSchema.None, new CreateAndApproveAutomaticallyResponse(grains)));
        catalog.AddResponse(new WorkflowResponseDefinition("SEND_APPROVAL_REQUEST", "Send approval request for the record and create a notification.", null,
            ResponseOptionsSchema.None, new SendApprovalRequestResponse(grains)));
        catalog.AddResponse(Action("APPROVE_APPROVAL_REQUEST", "Approve the request for the record.", g => g.Act(new ApprovalAction(ApprovalActionKind.Approve, null, null, null, null))));
        catalog.AddResponse(new WorkflowResponseDefinition("REJECT_APPROVAL_REQUEST", "Reject the approval request for the record and create a notification.", null,
            NotifySenderOption, new CloseApprovalRequestResponse(grains, ApprovalActionKind.Reject)));
        catalog.AddResponse(new WorkflowResponseDefinition("CANCEL_APPROVAL_REQUEST", "Cancel the approval request for the record and create a notification.", null,
            NotifySenderOption, new CloseApprovalRequestResponse(grains, ApprovalActionKind.Cancel)));
        catalog.AddResponse(new WorkflowResponseDefinition(CreateOverdueNotifications, "Create notification for overdue approval requests.", null,
            ResponseOptionsSchema.None, new CreateOverdueNotificationsResponse(grains, entries)));
        catalog.AddResponse(Action("DELEGATE_APPROVAL_REQUEST", "Delegate the approval request for the record.", g => g.Act(new ApprovalAction(ApprovalActionKind.Delegate, null, null, null, null))));
    }

    private static readonly ResponseOptionsSchema NotifySenderOption = new(
    [
        new ResponseOptionDefinition("notifySender", ResponseOptionType.Boolean) { DefaultValue = "false", Description = "The sender gets a notification too." },
    ]);

    /// <summary>The id of the event a response runs for: a resubmission in the same instance is a new event, a retry the same.</summary>
    private static string EventIdOf(WorkflowResponseContext context) =>
        (context as Instances.IEngineResponseContext)?.EventId ?? $"{context.InstanceId:N}:{context.StepId}:{context.EventCode}";

    private WorkflowResponseDefinition Action(string code, string description, Func<IApprovalRequestGrain, Task> act) =>
        new(code, description, null, ResponseOptionsSchema.None, new ApprovalActionResponse(grains, act));

    /// <summary>The approval request of an instance is the grain keyed by the instance id.</summary>
    internal static IApprovalRequestGrain RequestOf(IGrainFactory grains, WorkflowResponseContext context) =>
        grains.GetTenantGrain<IApprovalRequestGrain>(context.TenantId, context.InstanceId.ToString("N"));

    private sealed class ApprovalActionResponse(IGrainFactory grains, Func<IApprovalRequestGrain, Task> act) : IWorkflowResponseHandler
    {
        public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken) => act(RequestOf(grains, context));
    }

    /// <summary>
    /// Opens the next sequence of entries; when the sender's own entry covered the amount there is none, and the workflow
    /// hears "approved" with nothing pending in the same turn, so the document is released at once.
    /// </summary>
    private sealed class SendApprovalRequestResponse(IGrainFactory grains) : IWorkflowResponseHandler
    {
        public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            var sent = await RequestOf(grains, context).Send();
            if (sent.ApprovedEventData is { } approved && context is Instances.IEngineResponseContext engine)
                engine.RaiseEvent("APPROVAL_REQUEST_APPROVED", approved);
        }
    }

    /// <summary>Business Central's reject-all and cancel-all: what the user's action left standing is closed, once per event.</summary>
    private sealed class CloseApprovalRequestResponse(IGrainFactory grains, ApprovalActionKind kind) : IWorkflowResponseHandler
    {
        public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken) =>
            RequestOf(grains, context).CloseAll(new CloseApprovalRequest(kind, EventIdOf(context), context.Options.GetBoolean("notifySender"),
                kind == ApprovalActionKind.Cancel ? context.TriggeredByUserId : null));
    }

    /// <summary>
    /// Business Central's CreateAndAutomaticallyApproveRequest (the credit limit not exceeded): one entry, the sender's
    /// own, approved as it is made; nothing is sent. As Business Central's, the sender must be in the approval user setup.
    /// </summary>
    private sealed class CreateAndApproveAutomaticallyResponse(IGrainFactory grains) : IWorkflowResponseHandler
    {
        public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            var sender = (context.SenderUserId ?? context.TriggeredByUserId
                ?? throw new InvalidOperationException("The approval request has no sender: the event that started the workflow was not raised by a user.")).ToUpperInvariant();
            await RequestOf(grains, context).Create(new CreateApprovalRequest(
                $"{EventIdOf(context)}:{context.StepId}", context.Record.RecordType, context.Record.RecordId, context.WorkflowCode, sender,
                context.Record.GetNumber("Amount") ?? 0m, ApprovalLimitKind.Request, ApproverType.Approver, ApproverLimitType.SpecificApprover,
                null, sender, null, null, null, GroupCompletion.All, 1));
        }
    }

    /// <summary>
    /// Business Central's NotificationManagement.CreateOverdueNotifications: each request with Open entries due on or
    /// before today tells their approvers, then the run says "Overdue approval entries have been created.".
    /// </summary>
    private sealed class CreateOverdueNotificationsResponse(IGrainFactory grains, ApprovalEntryIndex? entries) : IWorkflowResponseHandler
    {
        public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            var index = entries ?? throw new InvalidOperationException("The approval entry index is not available to this catalogue.");
            var runId = EventIdOf(context);
            var notified = 0;
            foreach (var requestId in await index.ListRequestsWithOverdueEntriesAsync(context.TenantId, cancellationToken))
                notified += await grains.GetTenantGrain<IApprovalRequestGrain>(context.TenantId, requestId).NotifyOverdue(runId);
            context.AddHistory(string.Create(CultureInfo.InvariantCulture, $"Overdue approval entries have been created ({notified})."));
        }
    }

    private sealed class CreateApprovalRequestsResponse(IGrainFactory grains) : IWorkflowResponseHandler
    {
        public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
        {
            var options = context.Options;
            var sender = context.SenderUserId ?? context.TriggeredByUserId
                ?? throw new InvalidOperationException("The approval request has no sender: the event that started the workflow was not raised by a user.");
            var approverType = (ApproverType)Array.FindIndex(ApproverTypes, t => string.Equals(t, options.GetText("approverType"), StringComparison.OrdinalIgnoreCase));
            var limitType = (ApproverLimitType)Array.FindIndex(LimitTypes, t => string.Equals(t, options.GetText("approverLimitType"), StringComparison.OrdinalIgnoreCase));
            var delegateAfter = options.GetText("delegateAfter") switch
            {
                "1 day" => 1, "2 days" => 2, "5 days" => 5, _ => (int?)null,
            };
            await RequestOf(grains, context).Create(new CreateApprovalRequest(
                $"{EventIdOf(context)}:{context.StepId}",
                context.Record.RecordType,
                context.Record.RecordId,
                context.WorkflowCode,
                sender.ToUpperInvariant(),
                context.Record.GetNumber(options.GetText("amountField") ?? "Amount") ?? 0m,
                Enum.Parse<ApprovalLimitKind>(options.GetText("approvalLimit") ?? "Request", ignoreCase: true),
                approverType,
                limitType,
                options.GetText("workflowUserGroupCode")?.ToUpperInvariant(),
                options.GetText("approverUserId")?.ToUpperInvariant(),
                (context.Record.GetText("Purchaser Code") ?? context.Record.GetText("Salesperson Code"))?.ToUpperInvariant(),
                options.GetText("dueDateFormula"),
                delegateAfter,
                Enum.Parse<GroupCompletion>(options.GetText("groupCompletion") ?? "All", ignoreCase: true),
                options.GetInteger("quorum") ?? 1));
        }

        public IEnumerable<string> ValidateOptions(WorkflowResponseOptions options)
        {
            if (string.Equals(options.GetText("approverType"), "Workflow User Group", StringComparison.OrdinalIgnoreCase) && options.GetText("workflowUserGroupCode") is null)
                yield return "workflowUserGroupCode is required when the approver type is Workflow User Group.";
            if (string.Equals(options.GetText("approverLimitType"), "Specific Approver", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(options.GetText("approverType"), "Workflow User Group", StringComparison.OrdinalIgnoreCase)
                && options.GetText("approverUserId") is null)
                yield return "approverUserId is required when the approver limit type is Specific Approver.";
            if (string.Equals(options.GetText("groupCompletion"), "Quorum", StringComparison.OrdinalIgnoreCase) && options.GetInteger("quorum") is not > 0)
                yield return "quorum must be at least 1 when group completion is Quorum.";
        }
    }
}
