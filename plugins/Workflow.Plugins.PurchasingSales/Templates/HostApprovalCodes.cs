namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Codes of the approval module's events and responses, which the host registers (not a plugin). The templates use
/// them; the loader checks every template reference against the whole catalogue, host entries included.
/// </summary>
internal static class HostApprovalCodes
{
    /// <summary>"Create an approval request for the record using approver type %1 and %2."</summary>
    public const string CreateApprovalRequests = "CREATE_APPROVAL_REQUESTS";

    /// <summary>"Create and approve an approval request automatically." (the sender's own entry, approved at once).</summary>
    public const string CreateAndApproveAutomatically = "CREATE_AND_APPROVE_APPROVAL_REQUEST_AUTOMATICALLY";

    /// <summary>"The overdue approval notifications batch job will be run."; raised by <c>POST /approvals/send-overdue-notifications</c>.</summary>
    public const string OverdueNotificationsRequested = "OVERDUE_APPROVAL_NOTIFICATIONS_REQUESTED";

    /// <summary>"Create notification for overdue approval requests."</summary>
    public const string CreateOverdueNotifications = "CREATE_OVERDUE_NOTIFICATIONS";

    /// <summary>"Send approval request for the record and create a notification."</summary>
    public const string SendApprovalRequest = "SEND_APPROVAL_REQUEST";

    /// <summary>"Reject the approval request for the record and create a notification."</summary>
    public const string RejectApprovalRequest = "REJECT_APPROVAL_REQUEST";

    /// <summary>"Cancel the approval request for the record." (cancels the entries still pending).</summary>
    public const string CancelApprovalRequest = "CANCEL_APPROVAL_REQUEST";

    /// <summary>"An approval request is approved."; raised for every approved entry.</summary>
    public const string ApprovalRequestApproved = "APPROVAL_REQUEST_APPROVED";

    /// <summary>"An approval request is rejected."; the host cancels the other pending entries itself.</summary>
    public const string ApprovalRequestRejected = "APPROVAL_REQUEST_REJECTED";

    /// <summary>"An approval request is delegated."</summary>
    public const string ApprovalRequestDelegated = "APPROVAL_REQUEST_DELEGATED";

    /// <summary>"An approval request is canceled."; raised when the sender or an administrator cancels the request.</summary>
    public const string ApprovalRequestCanceled = "APPROVAL_REQUEST_CANCELED";

    /// <summary>Field of the approval events: how many entries of the request are still pending.</summary>
    public const string PendingApprovalsField = "Pending Approvals";

    /// <summary>Option of the send, reject and cancel responses: the sender is notified too (Business Central's Notify Sender).</summary>
    public const string NotifySenderOption = "notifySender";

    /// <summary>Option names of <see cref="CreateApprovalRequests"/>.</summary>
    public static class CreateOptions
    {
        /// <summary>Approver, Salesperson/Purchaser or Workflow User Group.</summary>
        public const string ApproverType = "approverType";

        /// <summary>Approver Chain, Direct Approver, First Qualified Approver or Specific Approver.</summary>
        public const string ApproverLimitType = "approverLimitType";

        /// <summary>Which approval limit of the approvers the amount is compared with: Purchase, Sales or Request.</summary>
        public const string ApprovalLimit = "approvalLimit";

        /// <summary>When the entries are due, as a date formula such as &lt;2D&gt;.</summary>
        public const string DueDateFormula = "dueDateFormula";

        /// <summary>The workflow user group, for approver type Workflow User Group.</summary>
        public const string WorkflowUserGroupCode = "workflowUserGroupCode";

        /// <summary>
        /// The options of a template's "create approval requests" step. For a workflow user group the code is left
        /// blank, as Business Central's templates leave it: enabling a copy asks for it.
        /// </summary>
        public static Dictionary<string, string> For(string approverType, string approverLimitType, string? approvalLimit = null)
        {
            var options = new Dictionary<string, string> { [ApproverType] = approverType, [ApproverLimitType] = approverLimitType };
            if (approvalLimit is not null)
                options[ApprovalLimit] = approvalLimit;
            if (approverType == "Workflow User Group")
                options[WorkflowUserGroupCode] = "";
            return options;
        }
    }
}
