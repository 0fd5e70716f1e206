using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Events;

/// <summary>
/// Events of general journal batches and lines (catalogue §2.4): approval requested and canceled, for a whole batch or
/// one line, and a journal line created.
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

    /// <summary>Every journal event, in the order users see them.</summary>
    public static IReadOnlyList<WorkflowEventDefinition> All { get; } =
        [BatchApprovalRequested, BatchApprovalCanceled, LineApprovalRequested, LineApprovalCanceled, LineCreated, BatchBalanced, BatchNotBalanced];
}
