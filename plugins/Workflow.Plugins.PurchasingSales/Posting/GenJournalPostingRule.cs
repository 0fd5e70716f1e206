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

    /// <summary>The batch's balance: the sum of its lines' amounts (Business Central's Balance flow field).</summary>
    public static decimal Balance(IReadOnlyList<WorkflowRecord> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Sum(l => l.GetNumber("Amount") ?? 0m);
    }

    /// <inheritdoc />
    public JournalPosting Describe(WorkflowRecord batch, IReadOnlyList<WorkflowRecord> lines)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
            throw new PostingRefusedException($"There is nothing to post: {batch.RecordType} {batch.RecordId} has no lines.");
        return new JournalPosting(lines.Select(line => new JournalLinePosting(
            line.RecordId,
            AccountTypeOf(line),
            line.GetText("Account No.") is { Length: > 0 } account ? account
                : throw new PostingRefusedException($"Account No. must have a value in {line.RecordType} {line.RecordId}."),
            line.GetNumber("Amount") ?? throw new PostingRefusedException($"Amount must have a value in {line.RecordType} {line.RecordId}."),
            line.GetText("Description"))).ToList());
    }

    private static JournalAccountType AccountTypeOf(WorkflowRecord line) => line.GetText("Account Type") switch
    {
        null or "G/L Account" => JournalAccountType.GLAccount,
        "Customer" => JournalAccountType.Customer,
        "Vendor" => JournalAccountType.Vendor,
        "Bank Account" => JournalAccountType.BankAccount,
        var other => throw new PostingRefusedException($"Account Type {other} of {line.RecordType} {line.RecordId} is not posted by this server (G/L Account, Customer, Vendor and Bank Account are)."),
    };
}
