using System.Globalization;
using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Posting;

/// <summary>
/// Number series of posted documents, one per posted document type (Business Central's No. Series, with the W1 demo
/// data's starting numbers). Gap-free: the next number is taken in the posting's own transaction, with a guard on the
/// last number read, so a posting that fails takes no number and two postings never take the same one (the loser of a
/// race fails its transaction with <see cref="PostingRaceException"/> and posts again on the new last number).
/// </summary>
public sealed class NumberSeries(IStorageProvider storage)
{
    /// <summary>The posted document type names the API shows, and their series' first numbers.</summary>
    private static readonly Dictionary<string, (string Name, long First)> Series = new(StringComparer.Ordinal)
    {
        [nameof(PostedDocumentType.PurchaseReceipt)] = ("Posted Purchase Receipt", 107001),
        [nameof(PostedDocumentType.PurchaseInvoice)] = ("Posted Purchase Invoice", 108001),
        [nameof(PostedDocumentType.PurchaseCreditMemo)] = ("Posted Purchase Credit Memo", 109001),
        [nameof(PostedDocumentType.PurchaseReturnShipment)] = ("Posted Return Shipment", 106001),
        [nameof(PostedDocumentType.SalesShipment)] = ("Posted Sales Shipment", 102001),
        [nameof(PostedDocumentType.SalesInvoice)] = ("Posted Sales Invoice", 103001),
        [nameof(PostedDocumentType.SalesCreditMemo)] = ("Posted Sales Credit Memo", 104001),
        [nameof(PostedDocumentType.SalesReturnReceipt)] = ("Posted Return Receipt", 105001),
        [GLRegister] = ("G/L Register", 1),
    };

    /// <summary>The series of a posted journal batch: its entries share one register number.</summary>
    public const string GLRegister = "GLRegister";

    /// <summary>The name of a posted document type, as stored and shown ("Posted Purchase Invoice").</summary>
    public static string NameOf(string series) => Series[series].Name;

    /// <summary>Every posted document type name, for validating filters.</summary>
    public static IEnumerable<string> Names => Series.Values.Select(s => s.Name);

    /// <summary>The next number of each series, as stored now; <see cref="Take"/> adds the guarded update to the posting.</summary>
    public async Task<IReadOnlyDictionary<string, Allocation>> PeekAsync(string tenantId, IReadOnlyCollection<string> series, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var result = new Dictionary<string, Allocation>(StringComparer.Ordinal);
        foreach (var code in series.Distinct())
        {
            var last = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT last_no FROM number_series WHERE tenant_id = @TenantId AND code = @Code",
                new { TenantId = tenantId, Code = code }, cancellationToken: cancellationToken));
            result[code] = new Allocation(code, last, (last ?? Series[code].First - 1) + 1);
        }
        return result;
    }

    /// <summary>Adds the allocation to the posting's writes: it commits only if nobody took the number meanwhile.</summary>
    public static void Take(WriteBatch batch, string tenantId, Allocation allocation) =>
        batch.Add(allocation.LastNo is null
                ? "INSERT INTO number_series (tenant_id, code, last_no) VALUES (@TenantId, @Code, @Next) ON CONFLICT (tenant_id, code) DO NOTHING"
                : "UPDATE number_series SET last_no = @Next WHERE tenant_id = @TenantId AND code = @Code AND last_no = @Last",
            new { TenantId = tenantId, allocation.Code, allocation.Next, Last = allocation.LastNo ?? 0 },
            rows => rows == 1 ? null : new PostingRaceException($"number series {allocation.Code}"));

    /// <summary>A series' last number as read, and the number the posting takes.</summary>
    public sealed record Allocation(string Code, long? LastNo, long Next)
    {
        public string DocumentNo => Next.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Something a posting read moved on before it committed (another posting took the number it read, a line it posts
/// changed): nothing of this posting was written, and it posts again on what is stored now.
/// </summary>
public sealed class PostingRaceException(string what) : Exception($"{what} moved on while posting; posting again.");
