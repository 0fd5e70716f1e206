namespace Workflow.Engine.Posting;

/// <summary>A posted document's type and number, e.g. Posted Purchase Invoice 108001.</summary>
[GenerateSerializer, Immutable, Alias("wf.PostedDocumentRef")]
public sealed record PostedDocumentRef(string DocumentType, string DocumentNo);

/// <summary>What posting a record produced: the posted documents, and when and by whom it was posted.</summary>
[GenerateSerializer, Immutable, Alias("wf.PostingResult")]
public sealed record PostingResult(string RecordType, string RecordId, IReadOnlyList<PostedDocumentRef> PostedDocuments, DateTimeOffset PostedAt, string? PostedBy);

/// <summary>A request to post a record: by a user (the API), or by a job of the queue, whose completion is stored with the posting.</summary>
[GenerateSerializer, Immutable, Alias("wf.PostRecordCommand")]
public sealed record PostRecordCommand(string? UserId, string? JobId = null);

/// <summary>What a response of an instance asked for the record's posting; the record grain does it.</summary>
[GenerateSerializer, Alias("wf.PostingRequest")]
public enum PostingRequest { None, Now, InBackground }

/// <summary>A posted document as the API shows it.</summary>
public sealed record PostedDocument(
    string DocumentType, string DocumentNo, string SourceRecordType, string SourceRecordId, string? SourceDocumentType,
    string? Party, string? PartyNo, string? PartyName, decimal Amount, decimal AmountIncludingVat, DateOnly PostingDate,
    string? PostedBy, DateTimeOffset PostedAt);

/// <summary>The ledgers posting writes to.</summary>
public enum Ledger
{
    /// <summary>General ledger (G/L entries): every posting balances here, debits positive, credits negative.</summary>
    GL,
    /// <summary>Vendor ledger entries: what is owed to vendors (an invoice is negative, as Business Central shows it).</summary>
    Vendor,
    /// <summary>Customer ledger entries: what customers owe (an invoice is positive).</summary>
    Customer,
}

/// <summary>A ledger entry (G/L, vendor or customer) as the API shows it.</summary>
public sealed record LedgerEntry(
    Ledger Ledger, string DocumentType, string DocumentNo, int LineNo, DateOnly PostingDate, string AccountNo, string? Description,
    decimal Amount, string SourceRecordType, string SourceRecordId, DateTimeOffset PostedAt);

/// <summary>A posted approval entry (Business Central's table 456): an approval entry of a document, kept with its posted document.</summary>
public sealed record PostedApprovalEntry(
    string PostedDocumentType, string PostedDocumentNo, string RequestId, int EntryNo, string RecordType, string RecordId, string WorkflowCode,
    int SequenceNo, string SenderId, string ApproverId, string Status, DateOnly? DueDate, decimal Amount, DateTimeOffset CreatedAt,
    DateTimeOffset LastModifiedAt, DateTimeOffset PostedAt);

/// <summary>A posted approval comment line (Business Central's table 457): a comment on a posted document's approval request.</summary>
public sealed record PostedApprovalComment(
    string PostedDocumentType, string PostedDocumentNo, string RequestId, int LineNo, string RecordType, string RecordId, string UserId, string Text, DateTimeOffset At);

/// <summary>Status of a job of the queue (Business Central's Job Queue Entry status).</summary>
public enum PostingJobStatus
{
    /// <summary>Waiting to run.</summary>
    Ready,
    /// <summary>Taken by a node; if that node dies, the job is taken again once its lease ends.</summary>
    InProcess,
    /// <summary>The last attempt failed (<see cref="PostingJob.LastError"/>); retried while attempts remain.</summary>
    Error,
    /// <summary>Posted.</summary>
    Finished,
}

/// <summary>A background posting job as the API shows it.</summary>
public sealed record PostingJob(
    string JobId, string RecordType, string RecordId, string? RequestedBy, string? WorkflowCode, PostingJobStatus Status, int Attempts,
    int MaxAttempts, DateTimeOffset? NextAttemptAt, string? LastError, string? PostedDocumentNo, DateTimeOffset CreatedAt, DateTimeOffset LastModifiedAt);
