using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's field-change approval templates (catalogue §6.2), built on its pattern P3 (catalogue §6.3):
/// <code>
/// WHEN A customer record is changed.                        [entry point; rule: Credit Limit (LCY) is Increased]
///   THEN Revert the value of the Credit Limit (LCY) field on the record and save the change.
///    → Create an approval request for the record using approver type Workflow User Group and Direct Approver.
///    → Send approval request for the record and create a notification.
///    → Show message "The customer credit limit change was sent for approval."
///   WHEN An approval request is approved.                    [Pending Approvals: 0]
///     THEN Apply the new values. (Credit Limit (LCY))
///   WHEN An approval request is approved.                    [Pending Approvals: >0]
///     THEN Send approval request for the record and create a notification.   (next step: Show message)
///   WHEN An approval request is rejected.
///     THEN Discard the new values. → Reject the approval request for the record and create a notification. (Notify Sender)
///   WHEN An approval request is delegated.
///     THEN Send approval request for the record and create a notification.   (next step: Show message)
/// </code>
/// As in Business Central, the workflow user group is left blank: a copy is enabled once it names the group that
/// approves. The changed record is not restricted: its other fields stay editable while the held value waits.
/// </summary>
public static class ChangeApprovalTemplates
{
    /// <summary>Workflow category of sales and marketing templates (customers and items).</summary>
    public const string SalesCategory = "SALES";

    /// <summary>Workflow category of purchases and payables templates (vendors).</summary>
    public const string PurchaseCategory = "PURCH";

    /// <summary>Code of <see cref="CustomerCreditLimitChangeApproval"/>.</summary>
    public const string CustomerCreditLimitChangeApprovalCode = "WF-CCLCAPW";

    /// <summary>Code of <see cref="ItemUnitPriceChangeApproval"/>.</summary>
    public const string ItemUnitPriceChangeApprovalCode = "WF-IUPCAPW";

    /// <summary>Code of <see cref="VendorNameChangeApproval"/>.</summary>
    public const string VendorNameChangeApprovalCode = "WF-VNCAPW";

    // The generic plugin's responses, and approval codes of the host the document templates do not use.
    private const string RevertFieldValue = "REVERT_FIELD_VALUE";
    private const string ApplyNewValues = "APPLY_NEW_VALUES";
    private const string DiscardNewValues = "DISCARD_NEW_VALUES";
    private const string ShowMessage = "SHOW_MESSAGE";
    private const string ApprovalRequestDelegated = "APPROVAL_REQUEST_DELEGATED";
    private const string RejectApprovalRequest = "REJECT_APPROVAL_REQUEST";
    private const string NotifySenderOption = "notifySender";

    /// <summary>
    /// An increase of a customer's credit limit waits for the approval of a workflow user group (Business Central's
    /// MS-CCLCAPW).
    /// </summary>
    public static WorkflowTemplateDefinition CustomerCreditLimitChangeApproval { get; } = Build(
        CustomerCreditLimitChangeApprovalCode,
        "Customer Credit Limit Change Approval Workflow",
        SalesCategory,
        MasterDataEvents.CustomerChangedCode,
        new FieldChangeCondition("Credit Limit (LCY)", FieldChangeOperator.Increased),
        "The customer credit limit change was sent for approval.") with { BusinessCentralCode = "MS-CCLCAPW" };

    /// <summary>An increase of an item's unit price waits for the approval of a workflow user group (Business Central's MS-IUPCAPW).</summary>
    public static WorkflowTemplateDefinition ItemUnitPriceChangeApproval { get; } = Build(
        ItemUnitPriceChangeApprovalCode,
        "Item Unit Price Change Approval Workflow",
        SalesCategory,
        MasterDataEvents.ItemChangedCode,
        new FieldChangeCondition("Unit Price", FieldChangeOperator.Increased),
        "The item unit price change was sent for approval.") with { BusinessCentralCode = "MS-IUPCAPW" };

    /// <summary>
    /// A change of a vendor's name waits for the approval of a workflow user group. Business Central ships no vendor
    /// change template; this is the vendor name change approval its documentation builds as the example of P3.
    /// </summary>
    public static WorkflowTemplateDefinition VendorNameChangeApproval { get; } = Build(
        VendorNameChangeApprovalCode,
        "Vendor Name Change Approval Workflow",
        PurchaseCategory,
        MasterDataEvents.VendorChangedCode,
        new FieldChangeCondition("Name", FieldChangeOperator.Changed),
        "The vendor name change was sent for approval.");

    /// <summary>Every field-change approval template: customer, item, vendor.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } =
        [CustomerCreditLimitChangeApproval, ItemUnitPriceChangeApproval, VendorNameChangeApproval];

    private static WorkflowTemplateDefinition Build(
        string code, string description, string category, string changedEvent, FieldChangeCondition rule, string sentMessage)
    {
        const int Changed = 1, Revert = 2, Create = 3, Send = 4, Sent = 5;
        const int Approved = 6, Apply = 7, ApprovedPending = 8, SendNext = 9;
        const int Rejected = 10, Discard = 11, RejectAll = 12, Delegated = 13, SendDelegated = 14;
        var field = rule.Field;

        return new WorkflowTemplateDefinition(code, description, category,
        [
            new(Changed, WorkflowStepType.Event, changedEvent, PreviousStepId: null) { EntryPoint = true, ChangeConditions = [rule] },
            new(Revert, WorkflowStepType.Response, RevertFieldValue, Changed)
            {
                Options = new Dictionary<string, string> { ["field"] = field },
            },
            new(Create, WorkflowStepType.Response, HostApprovalCodes.CreateApprovalRequests, Revert)
            {
                Options = HostApprovalCodes.CreateOptions.For("Workflow User Group", "Direct Approver"),
            },
            new(Send, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Create),
            new(Sent, WorkflowStepType.Response, ShowMessage, Send)
            {
                Options = new Dictionary<string, string> { ["message"] = sentMessage },
            },

            new(Approved, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Sent)
            {
                SequenceNo = 1,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = "0" },
            },
            new(Apply, WorkflowStepType.Response, ApplyNewValues, Approved)
            {
                Options = new Dictionary<string, string> { ["applyAllNewValues"] = "false", ["field"] = field },
            },

            // Approved, but the next approvers are still to answer: notify them, and wait again.
            new(ApprovedPending, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Sent)
            {
                SequenceNo = 2,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = ">0" },
            },
            new(SendNext, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, ApprovedPending) { NextStepId = Sent },

            new(Rejected, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestRejected, Sent) { SequenceNo = 3 },
            new(Discard, WorkflowStepType.Response, DiscardNewValues, Rejected),
            new(RejectAll, WorkflowStepType.Response, RejectApprovalRequest, Discard)
            {
                Options = new Dictionary<string, string> { [NotifySenderOption] = "true" },
            },

            new(Delegated, WorkflowStepType.Event, ApprovalRequestDelegated, Sent) { SequenceNo = 4 },
            new(SendDelegated, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Delegated) { NextStepId = Sent },
        ]);
    }
}
