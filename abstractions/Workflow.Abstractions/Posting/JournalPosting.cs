namespace Workflow.Abstractions;

/// <summary>What posting a journal batch means: one G/L posting per line; the lines must balance (sum to zero).</summary>
/// <param name="Lines">The batch's lines as they post.</param>
public sealed record JournalPosting(IReadOnlyList<JournalLinePosting> Lines);

/// <summary>One journal line as it posts.</summary>
/// <param name="LineRecordId">The line's record id (its batch's id, <c>/</c>, its line number); the line goes when the batch posts.</param>
/// <param name="AccountType">What the line posts to.</param>
/// <param name="AccountNo">The G/L account, customer, vendor or bank account number.</param>
/// <param name="Amount">Debit when positive, credit when negative.</param>
/// <param name="Description">Text for the entries.</param>
public sealed record JournalLinePosting(string LineRecordId, JournalAccountType AccountType, string AccountNo, decimal Amount, string? Description)
{
    /// <summary>
    /// The records the line uses (the customer or vendor of its account or balancing account): the batch is not posted
    /// while one of them is restricted, as Business Central's Customer/VendorCheckGenJournalLinePostRestrictions.
    /// </summary>
    public IReadOnlyList<PostingUsedRecord> UsedRecords { get; init; } = [];
}

/// <summary>The account types a journal line posts to (a subset of Business Central's Gen. Journal Account Type).</summary>
public enum JournalAccountType
{
    /// <summary>A G/L account: one G/L entry on it.</summary>
    GLAccount,
    /// <summary>A customer: a customer ledger entry and a G/L entry on the receivables account.</summary>
    Customer,
    /// <summary>A vendor: a vendor ledger entry and a G/L entry on the payables account.</summary>
    Vendor,
    /// <summary>A bank account: a G/L entry on the bank account of the posting setup.</summary>
    BankAccount,
}

/// <summary>
/// Reads what posting a journal batch of a record type means (<see cref="RecordTypeDefinition.JournalPosting"/>), from the
/// batch and its line records (record types whose <see cref="RecordTypeDefinition.ParentRecordType"/> is the batch's).
/// </summary>
public interface IJournalPosting
{
    /// <summary>
    /// What posting <paramref name="batch"/> with <paramref name="lines"/> produces. Throw <see cref="PostingRefusedException"/>
    /// when it cannot be posted (no lines, an account type that cannot post). The host refuses an unbalanced result.
    /// </summary>
    JournalPosting Describe(WorkflowRecord batch, IReadOnlyList<WorkflowRecord> lines);
}
