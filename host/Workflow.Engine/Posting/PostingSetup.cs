using Dapper;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Posting;

/// <summary>
/// The G/L accounts posting uses, per tenant: Business Central's General / Vendor / Customer Posting Setup and VAT
/// Posting Setup folded into one small row. A tenant without one posts on <see cref="Defaults"/> (the W1 demo chart of
/// accounts: Vendors, Domestic 5410; Customers, Domestic 2310; Purch., Retail - Dom. 7110; Sales, Retail - Dom. 6110;
/// Purchase VAT 25 % 5630; Sales VAT 25 % 5610; Bank, Checking 2910).
/// </summary>
public sealed record PostingSetup(
    string PayablesAccount, string ReceivablesAccount, string PurchaseAccount, string SalesAccount,
    string PurchaseVatAccount, string SalesVatAccount, string BankAccount)
{
    public static PostingSetup Defaults { get; } = new("5410", "2310", "7110", "6110", "5630", "5610", "2910");
}

/// <summary>Reads and saves tenants' posting setup.</summary>
public sealed class PostingSetupStore(IStorageProvider storage)
{
    public async Task<PostingSetup> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PostingSetup>(new CommandDefinition(
            """
            SELECT payables_account AS PayablesAccount, receivables_account AS ReceivablesAccount, purchase_account AS PurchaseAccount,
                   sales_account AS SalesAccount, purchase_vat_account AS PurchaseVatAccount, sales_vat_account AS SalesVatAccount, bank_account AS BankAccount
            FROM posting_setup WHERE tenant_id = @TenantId
            """, new { TenantId = tenantId }, cancellationToken: cancellationToken)) ?? PostingSetup.Defaults;
    }

    public async Task SaveAsync(string tenantId, PostingSetup setup, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posting_setup (tenant_id, payables_account, receivables_account, purchase_account, sales_account, purchase_vat_account, sales_vat_account, bank_account)
            VALUES (@TenantId, @PayablesAccount, @ReceivablesAccount, @PurchaseAccount, @SalesAccount, @PurchaseVatAccount, @SalesVatAccount, @BankAccount)
            ON CONFLICT (tenant_id) DO UPDATE SET payables_account = excluded.payables_account, receivables_account = excluded.receivables_account,
                purchase_account = excluded.purchase_account, sales_account = excluded.sales_account, purchase_vat_account = excluded.purchase_vat_account,
                sales_vat_account = excluded.sales_vat_account, bank_account = excluded.bank_account
            """,
            new
            {
                TenantId = tenantId, setup.PayablesAccount, setup.ReceivablesAccount, setup.PurchaseAccount, setup.SalesAccount,
                setup.PurchaseVatAccount, setup.SalesVatAccount, setup.BankAccount,
            }, cancellationToken: cancellationToken));
    }
}
