using Workflow.Abstractions;
using Workflow.Plugins.PurchasingSales.Records;

namespace Workflow.Plugins.PurchasingSales.Posting;

/// <summary>
/// What posting a general journal batch produces: each line posts its amount to its account (a G/L account, a customer,
/// a vendor or a bank account). The host refuses a batch whose lines do not balance, as Business Central's Gen. Jnl.-Post.
/// </summary>
public sealed class GenJournalPostingRule : IJournalPosting
{
    /// <summary>The one instance.</summary>
    public static GenJournalPostingRule Instance { get; } = new();

    /// <summary>
    /// The batch's balance: the sum of the amounts of its lines without a balancing account (Business Central's Balance
    /// flow field; a line with a Bal. Account No. balances itself).
    /// </summary>
    public static decimal Balance(IReadOnlyList<WorkflowRecord> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Where(l => string.IsNullOrEmpty(l.GetText(BalAccountNoField))).Sum(l => l.GetNumber("Amount") ?? 0m);
    }

    /// <inheritdoc />
    public JournalPosting Describe(WorkflowRecord batch, IReadOnlyList<WorkflowRecord> lines)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
            throw new PostingRefusedException($"There is nothing to post: {batch.RecordType} {batch.RecordId} has no lines.");
        var postings = new List<JournalLinePosting>();
        foreach (var line in lines)
        {
            var amount = line.GetNumber("Amount") ?? throw new PostingRefusedException($"Amount must have a value in {line.RecordType} {line.RecordId}.");
            var accountType = AccountTypeOf(line, "Account Type");
            var account = line.GetText("Account No.") is { Length: > 0 } no ? no
                : throw new PostingRefusedException($"Account No. must have a value in {line.RecordType} {line.RecordId}.");
            (JournalAccountType Type, string No)? balancing = line.GetText(BalAccountNoField) is { Length: > 0 } balNo ? (AccountTypeOf(line, "Bal. Account Type"), balNo) : null;
            var used = new[] { (accountType, account) }.Concat(balancing is { } b ? [b] : [])
                .Select(UsedRecordOf).OfType<PostingUsedRecord>().ToList();
            postings.Add(new JournalLinePosting(line.RecordId, accountType, account, amount, line.GetText("Description")) { UsedRecords = used });
            // The balancing account takes the opposite amount, so the line balances itself (Business Central's Bal. Account No.).
            if (balancing is { } bal)
                postings.Add(new JournalLinePosting(line.RecordId, bal.Type, bal.No, -amount, line.GetText("Description")));
        }
        return new JournalPosting(postings);
    }

    /// <summary>Name of the journal line field holding the balancing account (Business Central's Bal. Account No.).</summary>
    public const string BalAccountNoField = "Bal. Account No.";

    private static PostingUsedRecord? UsedRecordOf((JournalAccountType Type, string No) account) => account.Type switch
    {
        JournalAccountType.Customer => new PostingUsedRecord(MasterDataRecordTypes.CustomerCode, account.No),
        JournalAccountType.Vendor => new PostingUsedRecord(MasterDataRecordTypes.VendorCode, account.No),
        _ => null,
    };

    private static JournalAccountType AccountTypeOf(WorkflowRecord line, string field) => line.GetText(field) switch
    {
        null or "G/L Account" => JournalAccountType.GLAccount,
        "Customer" => JournalAccountType.Customer,
        "Vendor" => JournalAccountType.Vendor,
        "Bank Account" => JournalAccountType.BankAccount,
        var other => throw new PostingRefusedException($"{field} {other} of {line.RecordType} {line.RecordId} is not posted by this server (G/L Account, Customer, Vendor and Bank Account are)."),
    };
}
