using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Responses;

namespace Workflow.Plugins.PurchasingSales.Templates;

/// <summary>
/// Business Central's record approval templates (catalogue §6.2) for records without a document status: customers,
/// vendors, vendor bank accounts, items and general journal lines on its pattern P2, item journal and requisition
/// worksheet batches on P5 (catalogue §6.3):
/// <code>
/// WHEN Approval of a &lt;record&gt; is requested.               [entry point]
///   THEN Add record restriction. → Create an approval request … (Approver, Direct Approver) → Send approval request …
///   WHEN An approval request is approved.                  [Pending Approvals: 0]
///     THEN Remove record restriction.
///   WHEN An approval request is approved.                  [Pending Approvals: &gt;0]
///     THEN Send approval request …                        (next step: the first "Send")
///   WHEN An approval request is rejected.
///     THEN Reject the approval request … (Notify Sender)
///   WHEN An approval request for a &lt;record&gt; is canceled.
///     THEN Cancel the approval request … → [Remove record restriction.] → [Show message "…has been canceled."]
///   WHEN An approval request is delegated.
///     THEN Send approval request …                        (next step: the first "Send")
///   WHEN An approval request is canceled.                  (the host's own addition, as in the document templates)
///     THEN [Remove record restriction.] → [Show message]   (or Do nothing)
/// </code>
/// P2 removes the restriction on cancel and shows the message; the general journal line variant does neither, and P5
/// (the batches) shows the message but keeps the restriction, as Business Central's journal restrictions keep the batch
/// blocked until it is approved. P4, the general journal batch, is P5 behind a balance check:
/// <code>
/// WHEN Approval of a general journal batch is requested.  [entry point]
///   THEN Check if the general journal batch is balanced.
///   WHEN A general journal batch is balanced.
///     THEN Add record restriction. → Create an approval request … → Send approval request …   (then as P5)
///   WHEN A general journal batch is not balanced.
///     THEN Show message "The selected general journal batch is not balanced and cannot be sent for approval."
/// </code>
/// </summary>
public static class RecordApprovalTemplates
{
    /// <summary>Workflow category of sales and marketing templates (customers, items).</summary>
    public const string SalesCategory = "SALES";

    /// <summary>Workflow category of purchases and payables templates (vendors, vendor bank accounts, requisition worksheets).</summary>
    public const string PurchaseCategory = "PURCH";

    /// <summary>Workflow category of finance templates (general journals).</summary>
    public const string FinanceCategory = "FIN";

    /// <summary>Workflow category of inventory templates (item journals).</summary>
    public const string InventoryCategory = "INV";

    /// <summary>Code of <see cref="CustomerApproval"/>.</summary>
    public const string CustomerApprovalCode = "WF-CUSTAPW";

    /// <summary>Code of <see cref="VendorApproval"/>.</summary>
    public const string VendorApprovalCode = "WF-VENDAPW";

    /// <summary>Code of <see cref="VendorBankAccountApproval"/>.</summary>
    public const string VendorBankAccountApprovalCode = "WF-VENDBANKACCAPW";

    /// <summary>Code of <see cref="ItemApproval"/>.</summary>
    public const string ItemApprovalCode = "WF-ITEMAPW";

    /// <summary>Code of <see cref="GenJournalLineApproval"/>.</summary>
    public const string GenJournalLineApprovalCode = "WF-GJLAPW";

    /// <summary>Code of <see cref="GenJournalBatchApproval"/>.</summary>
    public const string GenJournalBatchApprovalCode = "WF-GJBAPW";

    /// <summary>Code of <see cref="ItemJournalBatchApproval"/>.</summary>
    public const string ItemJournalBatchApprovalCode = "WF-IJBAPW";

    /// <summary>Code of <see cref="RequisitionWorksheetBatchApproval"/>.</summary>
    public const string RequisitionWorksheetBatchApprovalCode = "WF-RWBAPW";

    private const string CanceledMessage = "The approval request for the record has been canceled.";
    private const string NotBalancedMessage = "The selected general journal batch is not balanced and cannot be sent for approval.";

    /// <summary>A new or changed customer waits for its approver (MS-CUSTAPW).</summary>
    public static WorkflowTemplateDefinition CustomerApproval { get; } = Build(
        CustomerApprovalCode, "MS-CUSTAPW", "Customer Approval Workflow", SalesCategory,
        MasterDataEvents.CustomerApprovalRequestedCode, MasterDataEvents.CustomerApprovalCanceledCode, CancelBranch.AllowAndTell);

    /// <summary>A vendor waits for its approver (MS-VENDAPW).</summary>
    public static WorkflowTemplateDefinition VendorApproval { get; } = Build(
        VendorApprovalCode, "MS-VENDAPW", "Vendor Approval Workflow", PurchaseCategory,
        MasterDataEvents.VendorApprovalRequestedCode, MasterDataEvents.VendorApprovalCanceledCode, CancelBranch.AllowAndTell);

    /// <summary>A vendor bank account waits for its approver before payments go to it (MS-VENDBANKACCAPW).</summary>
    public static WorkflowTemplateDefinition VendorBankAccountApproval { get; } = Build(
        VendorBankAccountApprovalCode, "MS-VENDBANKACCAPW", "Vendor Bank Account Approval Workflow", PurchaseCategory,
        MasterDataEvents.VendorBankAccountApprovalRequestedCode, MasterDataEvents.VendorBankAccountApprovalCanceledCode, CancelBranch.AllowAndTell);

    /// <summary>An item waits for its approver (MS-ITEMAPW).</summary>
    public static WorkflowTemplateDefinition ItemApproval { get; } = Build(
        ItemApprovalCode, "MS-ITEMAPW", "Item Approval Workflow", SalesCategory,
        MasterDataEvents.ItemApprovalRequestedCode, MasterDataEvents.ItemApprovalCanceledCode, CancelBranch.AllowAndTell);

    /// <summary>A general journal line (a payment, say) waits for its approver (MS-GJLAPW): a cancel keeps the restriction, silently.</summary>
    public static WorkflowTemplateDefinition GenJournalLineApproval { get; } = Build(
        GenJournalLineApprovalCode, "MS-GJLAPW", "General Journal Line Approval Workflow", FinanceCategory,
        JournalEvents.LineApprovalRequestedCode, JournalEvents.LineApprovalCanceledCode, CancelBranch.KeepSilently);

    /// <summary>
    /// A general journal batch is sent for approval only when its lines balance, then waits for its approver before it is
    /// posted (MS-GJBAPW); an unbalanced batch is not sent, and the user is told.
    /// </summary>
    public static WorkflowTemplateDefinition GenJournalBatchApproval { get; } = Build(
        GenJournalBatchApprovalCode, "MS-GJBAPW", "General Journal Batch Approval Workflow", FinanceCategory,
        JournalEvents.BatchApprovalRequestedCode, JournalEvents.BatchApprovalCanceledCode, CancelBranch.KeepAndTell, checkBalance: true);

    /// <summary>An item journal batch waits for its approver before it is posted (MS-IJBAPW).</summary>
    public static WorkflowTemplateDefinition ItemJournalBatchApproval { get; } = Build(
        ItemJournalBatchApprovalCode, "MS-IJBAPW", "Item Journal Batch Approval Workflow", InventoryCategory,
        JournalEvents.ItemBatchApprovalRequestedCode, JournalEvents.ItemBatchApprovalCanceledCode, CancelBranch.KeepAndTell);

    /// <summary>A requisition worksheet batch waits for its approver before its lines become orders (MS-RWBAPW).</summary>
    public static WorkflowTemplateDefinition RequisitionWorksheetBatchApproval { get; } = Build(
        RequisitionWorksheetBatchApprovalCode, "MS-RWBAPW", "Requisition Worksheet Batch Approval Workflow", PurchaseCategory,
        JournalEvents.RequisitionBatchApprovalRequestedCode, JournalEvents.RequisitionBatchApprovalCanceledCode, CancelBranch.KeepAndTell);

    /// <summary>Every record approval template.</summary>
    public static IReadOnlyList<WorkflowTemplateDefinition> All { get; } =
    [
        CustomerApproval, VendorApproval, VendorBankAccountApproval, ItemApproval, GenJournalBatchApproval, GenJournalLineApproval,
        ItemJournalBatchApproval, RequisitionWorksheetBatchApproval,
    ];

    /// <summary>What a canceled request does to the record besides canceling its entries.</summary>
    private enum CancelBranch
    {
        /// <summary>P2: the restriction goes, and the user is told.</summary>
        AllowAndTell,
        /// <summary>P5: the restriction stays until the batch is approved; the user is told.</summary>
        KeepAndTell,
        /// <summary>The journal line variant of P2: the restriction stays, nothing is shown.</summary>
        KeepSilently,
    }

    private static WorkflowTemplateDefinition Build(
        string code, string businessCentralCode, string description, string category, string requestedEvent, string canceledEvent, CancelBranch onCancel,
        bool checkBalance = false)
    {
        const int Requested = 1, Restrict = 2, Create = 3, Send = 4;
        const int Approved = 5, AllowApproved = 6, ApprovedPending = 7, SendNext = 8;
        const int Rejected = 9, RejectAll = 10, Delegated = 11, SendDelegated = 12;
        const int Canceled = 13, CancelRequest = 14, RequestCanceled = 15;
        const int CheckBalance = 16, Balanced = 17, NotBalanced = 18, NotBalancedMessageStep = 19;
        var nextId = checkBalance ? 20 : 16;

        var steps = new List<WorkflowStepDefinition>
        {
            new(Requested, WorkflowStepType.Event, requestedEvent, PreviousStepId: null) { EntryPoint = true },
            new(Restrict, WorkflowStepType.Response, GenericResponseCodes.RestrictRecordUsage, checkBalance ? Balanced : Requested),
            new(Create, WorkflowStepType.Response, HostApprovalCodes.CreateApprovalRequests, Restrict)
            {
                Options = HostApprovalCodes.CreateOptions.For("Approver", "Direct Approver"),
            },
            new(Send, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Create),

            new(Approved, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Send)
            {
                SequenceNo = 1,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = "0" },
            },
            new(AllowApproved, WorkflowStepType.Response, GenericResponseCodes.AllowRecordUsage, Approved),
            new(ApprovedPending, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestApproved, Send)
            {
                SequenceNo = 2,
                Conditions = new Dictionary<string, string> { [HostApprovalCodes.PendingApprovalsField] = ">0" },
            },
            new(SendNext, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, ApprovedPending) { NextStepId = Send },

            new(Rejected, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestRejected, Send) { SequenceNo = 3 },
            new(RejectAll, WorkflowStepType.Response, HostApprovalCodes.RejectApprovalRequest, Rejected)
            {
                Options = new Dictionary<string, string> { [HostApprovalCodes.NotifySenderOption] = "true" },
            },

            new(Canceled, WorkflowStepType.Event, canceledEvent, Send) { SequenceNo = 4 },
            new(CancelRequest, WorkflowStepType.Response, HostApprovalCodes.CancelApprovalRequest, Canceled),

            new(Delegated, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestDelegated, Send) { SequenceNo = 5 },
            new(SendDelegated, WorkflowStepType.Response, HostApprovalCodes.SendApprovalRequest, Delegated) { NextStepId = Send },

            // The sender cancels the approval request itself: its entries are canceled already.
            new(RequestCanceled, WorkflowStepType.Event, HostApprovalCodes.ApprovalRequestCanceled, Send) { SequenceNo = 6 },
        };

        if (checkBalance)
        {
            // Business Central's InsertGenJnlBatchApprovalWorkflowSteps: nothing is restricted or sent before the check.
            // The check comes right after the entry point so that each step follows one defined before it.
            steps.InsertRange(1,
            [
                new(CheckBalance, WorkflowStepType.Response, PostingResponses.CheckJournalBatchBalanceCode, Requested),
                new(Balanced, WorkflowStepType.Event, JournalEvents.BatchBalancedCode, CheckBalance) { SequenceNo = 1 },
                new(NotBalanced, WorkflowStepType.Event, JournalEvents.BatchNotBalancedCode, CheckBalance) { SequenceNo = 2 },
                new(NotBalancedMessageStep, WorkflowStepType.Response, GenericResponseCodes.ShowMessage, NotBalanced)
                {
                    Options = new Dictionary<string, string> { [GenericResponseCodes.MessageOption] = NotBalancedMessage },
                },
            ]);
        }

        void AfterCancel(int eventStep)
        {
            var previous = eventStep;
            void Then(string response, IReadOnlyDictionary<string, string>? options = null)
            {
                var id = nextId++;
                steps.Add(new WorkflowStepDefinition(id, WorkflowStepType.Response, response, previous) { Options = options ?? new Dictionary<string, string>() });
                previous = id;
            }

            if (onCancel == CancelBranch.AllowAndTell)
                Then(GenericResponseCodes.AllowRecordUsage);
            if (onCancel != CancelBranch.KeepSilently)
                Then(GenericResponseCodes.ShowMessage, new Dictionary<string, string> { [GenericResponseCodes.MessageOption] = CanceledMessage });
            else if (previous == RequestCanceled)
                Then(GenericResponseCodes.DoNothing);
        }

        AfterCancel(CancelRequest);
        AfterCancel(RequestCanceled);
        return new WorkflowTemplateDefinition(code, description, category, steps) { BusinessCentralCode = businessCentralCode };
    }
}
