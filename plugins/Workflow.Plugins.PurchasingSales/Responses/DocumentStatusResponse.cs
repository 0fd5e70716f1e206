using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Events;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Responses;

/// <summary>
/// Business Central's <c>SETSTATUSTOPENDINGAPPROVAL</c>, <c>RELEASEDOCUMENT</c> and <c>OPENDOCUMENT</c> responses: each
/// sets the record's <c>Status</c> field to one value. One class serves the three so they cannot drift apart.
/// </summary>
/// <remarks>
/// <see cref="WorkflowResponseDefinition.RecordType"/> is <see langword="null"/>: the responses work on any record type
/// with a <c>Status</c> field (here purchase and sales documents and general journal batches, and any partner record
/// type that declares one), as Business Central lets other tables hook into them. On a record type without a status the
/// host refuses to set the field, which fails the step with a message naming the field.
/// They may follow any event: Business Central's event/response combinations only filter what users pick, while here
/// they would be enforced, and a partner may well release a document after an event of its own.
/// </remarks>
public sealed class DocumentStatusResponse : IWorkflowResponseHandler
{
    /// <summary>Code of <see cref="SetStatusPendingApproval"/>.</summary>
    public const string SetStatusPendingApprovalCode = "SET_STATUS_PENDING_APPROVAL";

    /// <summary>Code of <see cref="ReleaseDocument"/>.</summary>
    public const string ReleaseDocumentCode = "RELEASE_DOCUMENT";

    /// <summary>Code of <see cref="ReopenDocument"/>.</summary>
    public const string ReopenDocumentCode = "REOPEN_DOCUMENT";

    private readonly string _status;

    private DocumentStatusResponse(string status) => _status = status;

    /// <summary>"Set document status to Pending Approval.": the record waits for its approvers.</summary>
    public static WorkflowResponseDefinition SetStatusPendingApproval { get; } = new(
        SetStatusPendingApprovalCode,
        "Set document status to Pending Approval.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new DocumentStatusResponse(ApprovalStatus.PendingApproval));

    /// <summary>
    /// "Release the document.": sets the status to Released, typically once the approval request is approved, and raises
    /// "A purchase (sales) document is released." for documents. As Business Central's release, it refuses a document
    /// whose approval is not complete: one with approval entries not answered yet, or an Open one that an enabled
    /// approval workflow covers.
    /// </summary>
    public static WorkflowResponseDefinition ReleaseDocument { get; } = new(
        ReleaseDocumentCode,
        "Release the document.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new DocumentStatusResponse(ApprovalStatus.Released));

    /// <summary>"Reopen the document.": sets the status back to Open, after a rejection or a canceled request.</summary>
    public static WorkflowResponseDefinition ReopenDocument { get; } = new(
        ReopenDocumentCode,
        "Reopen the document.",
        RecordType: null,
        ResponseOptionsSchema.None,
        new DocumentStatusResponse(ApprovalStatus.Open));

    /// <summary>The three status responses, in the order a document goes through them.</summary>
    public static IReadOnlyList<WorkflowResponseDefinition> All { get; } = [SetStatusPendingApproval, ReleaseDocument, ReopenDocument];

    /// <summary>The status the response sets.</summary>
    public string Status => _status;

    /// <inheritdoc />
    public async Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        if (_status == ApprovalStatus.Released)
            await CheckApprovalCompleteAsync(context, cancellationToken);
        context.SetFieldValue(ApprovalStatus.Field, StatusFor(context.Record.RecordType));
        if (_status == ApprovalStatus.Released && ReleasedEventFor(context.Record.RecordType) is { } released)
            context.RaiseEvent(released);
    }

    private static async Task CheckApprovalCompleteAsync(WorkflowResponseContext context, CancellationToken cancellationToken)
    {
        var record = context.Record;
        var approval = await context.GetApprovalStatusAsync(cancellationToken);
        if (approval.PendingEntries > 0)
            throw new InvalidOperationException(
                $"{ReleaseRefused} {record.RecordType} {record.RecordId} has {approval.PendingEntries} approval entries not answered yet.");
        var status = record.GetText(ApprovalStatus.Field);
        if ((status is null || status == ApprovalStatus.Open) && approval.ApprovalWorkflows.Count > 0)
            throw new InvalidOperationException(
                $"{ReleaseRefused} {record.RecordType} {record.RecordId} is Open and approval workflow {approval.ApprovalWorkflows[0]} covers it.");
    }

    private const string ReleaseRefused = "This document can only be released when the approval process is complete:";

    /// <summary>The "document released" event of a document record type; none for other record types with a status.</summary>
    private static string? ReleasedEventFor(string recordType) =>
        string.Equals(recordType, DocumentRecordTypes.PurchaseDocumentCode, StringComparison.OrdinalIgnoreCase) ? DocumentEvents.PurchaseReleasedCode
        : string.Equals(recordType, DocumentRecordTypes.SalesDocumentCode, StringComparison.OrdinalIgnoreCase) ? DocumentEvents.SalesReleasedCode
        : string.Equals(recordType, IncomingDocumentRecordType.Code, StringComparison.OrdinalIgnoreCase) ? IncomingDocumentEvents.ReleasedCode
        : null;

    /// <summary>The value to set on this record type: an incoming document reopens to New, as Business Central's Reopen does.</summary>
    private string StatusFor(string recordType) =>
        _status == ApprovalStatus.Open && string.Equals(recordType, IncomingDocumentRecordType.Code, StringComparison.OrdinalIgnoreCase)
            ? IncomingDocumentRecordType.New
            : _status;
}
