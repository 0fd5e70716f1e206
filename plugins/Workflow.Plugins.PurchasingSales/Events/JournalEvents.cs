using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Events;

/// <summary>
/// Events of general journal batches and lines (catalogue §2.4): approval requested and canceled, for a whole batch or
/// one line, and a journal line created; and of item journal and requisition worksheet batches (§2.5).
/// </summary>
public static class JournalEvents
{
    /// <summary>Code of <see cref="BatchApprovalRequested"/> (RUNWORKFLOWONSENDGENERALJOURNALBATCHFORAPPROVAL).</summary>
    public const string BatchApprovalRequestedCode = "GEN_JOURNAL_BATCH_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="BatchApprovalCanceled"/> (RUNWORKFLOWONCANCELGENERALJOURNALBATCHAPPROVALREQUEST).</summary>
    public const string BatchApprovalCanceledCode = "GEN_JOURNAL_BATCH_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="LineApprovalRequested"/> (RUNWORKFLOWONSENDGENERALJOURNALLINEFORAPPROVAL).</summary>
    public const string LineApprovalRequestedCode = "GEN_JOURNAL_LINE_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="LineApprovalCanceled"/> (RUNWORKFLOWONCANCELGENERALJOURNALLINEAPPROVALREQUEST).</summary>
    public const string LineApprovalCanceledCode = "GEN_JOURNAL_LINE_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="LineCreated"/> (RUNWORKFLOWONAFTERINSERTGENERALJOURNALLINE).</summary>
    public const string LineCreatedCode = "GEN_JOURNAL_LINE_CREATED";

    /// <summary>Code of <see cref="ItemBatchApprovalRequested"/> (RUNWORKFLOWONSENDITEMJOURNALBATCHFORAPPROVAL).</summary>
    public const string ItemBatchApprovalRequestedCode = "ITEM_JOURNAL_BATCH_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="ItemBatchApprovalCanceled"/> (RUNWORKFLOWONCANCELITEMJOURNALBATCHAPPROVALREQUEST).</summary>
    public const string ItemBatchApprovalCanceledCode = "ITEM_JOURNAL_BATCH_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="RequisitionBatchApprovalRequested"/> (RUNWORKFLOWONSENDREQUISITIONWORKSHEETBATCHFORAPPROVAL).</summary>
    public const string RequisitionBatchApprovalRequestedCode = "REQ_WORKSHEET_BATCH_APPROVAL_REQUESTED";

    /// <summary>Code of <see cref="RequisitionBatchApprovalCanceled"/> (RUNWORKFLOWONCANCELAREQUISITIONWORKSHEETBATCHAPPROVALREQUEST).</summary>
    public const string RequisitionBatchApprovalCanceledCode = "REQ_WORKSHEET_BATCH_APPROVAL_CANCELED";

    /// <summary>Code of <see cref="BatchBalanced"/> (RUNWORKFLOWONGENERALJOURNALBATCHBALANCED).</summary>
    public const string BatchBalancedCode = "GEN_JOURNAL_BATCH_BALANCED";

    /// <summary>Code of <see cref="BatchNotBalanced"/> (RUNWORKFLOWONGENERALJOURNALBATCHNOTBALANCED).</summary>
    public const string BatchNotBalancedCode = "GEN_JOURNAL_BATCH_NOT_BALANCED";

    /// <summary>"A general journal batch is balanced.", raised by "Check if the general journal batch is balanced."</summary>
    public static WorkflowEventDefinition BatchBalanced { get; } =
        new(BatchBalancedCode, "A general journal batch is balanced.", JournalRecordTypes.GenJournalBatchCode);

    /// <summary>"A general journal batch is not balanced.", raised by "Check if the general journal batch is balanced."</summary>
    public static WorkflowEventDefinition BatchNotBalanced { get; } =
        new(BatchNotBalancedCode, "A general journal batch is not balanced.", JournalRecordTypes.GenJournalBatchCode);

    /// <summary>"Approval of a general journal batch is requested."</summary>
    public static WorkflowEventDefinition BatchApprovalRequested { get; } =
        ApprovalEvents.Requested(BatchApprovalRequestedCode, "general journal batch", JournalRecordTypes.GenJournalBatchCode);

    /// <summary>"An approval request for a general journal batch is canceled."</summary>
    public static WorkflowEventDefinition BatchApprovalCanceled { get; } =
        ApprovalEvents.Canceled(BatchApprovalCanceledCode, "general journal batch", JournalRecordTypes.GenJournalBatchCode);

    /// <summary>"Approval of a general journal line is requested."</summary>
    public static WorkflowEventDefinition LineApprovalRequested { get; } =
        ApprovalEvents.Requested(LineApprovalRequestedCode, "general journal line", JournalRecordTypes.GenJournalLineCode);

    /// <summary>"An approval request for a general journal line is canceled."</summary>
    public static WorkflowEventDefinition LineApprovalCanceled { get; } =
        ApprovalEvents.Canceled(LineApprovalCanceledCode, "general journal line", JournalRecordTypes.GenJournalLineCode);

    /// <summary>"A general journal line is created."</summary>
    public static WorkflowEventDefinition LineCreated { get; } =
        new(LineCreatedCode, "A general journal line is created.", JournalRecordTypes.GenJournalLineCode);

    /// <summary>"Approval of an item journal batch is requested."</summary>
    public static WorkflowEventDefinition ItemBatchApprovalRequested { get; } =
        ApprovalEvents.Requested(ItemBatchApprovalRequestedCode, "item journal batch", JournalRecordTypes.ItemJournalBatchCode);

    /// <summary>"An approval request for an item journal batch is canceled."</summary>
    public static WorkflowEventDefinition ItemBatchApprovalCanceled { get; } =
        ApprovalEvents.Canceled(ItemBatchApprovalCanceledCode, "item journal batch", JournalRecordTypes.ItemJournalBatchCode);

    /// <summary>"Approval of a requisition worksheet batch is requested."</summary>
    public static WorkflowEventDefinition RequisitionBatchApprovalRequested { get; } =
        ApprovalEvents.Requested(RequisitionBatchApprovalRequestedCode, "requisition worksheet batch", JournalRecordTypes.RequisitionWorksheetBatchCode);

    /// <summary>"An approval request for a requisition worksheet batch is canceled."</summary>
    public static WorkflowEventDefinition RequisitionBatchApprovalCanceled { get; } =
        ApprovalEvents.Canceled(RequisitionBatchApprovalCanceledCode, "requisition worksheet batch", JournalRecordTypes.RequisitionWorksheetBatchCode);

    /// <summary>Every journal event, in the order users see them.</summary>
    public static IReadOnlyList<WorkflowEventDefinition> All { get; } =
    [
        BatchApprovalRequested, BatchApprovalCanceled, LineApprovalRequested, LineApprovalCanceled, LineCreated, BatchBalanced, BatchNotBalanced,
        ItemBatchApprovalRequested, ItemBatchApprovalCanceled, RequisitionBatchApprovalRequested, RequisitionBatchApprovalCanceled,
    ];
}
