using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Workflows;

namespace Workflow.Tests.Posting;

/// <summary>The posting calls of the API, as a user makes them.</summary>
public sealed class PostingApi(HttpClient client)
{
    public static readonly Dictionary<string, string> VendorInvoice = new()
    {
        ["Document Type"] = "Invoice", ["Buy-from Vendor No."] = "V10000", ["Buy-from Vendor Name"] = "Fabrikam",
        ["Amount"] = "1000", ["Amount Including VAT"] = "1250", ["Document Date"] = "2026-11-02",
    };

    public Task<HttpResponseMessage> PostAsync(string recordType, string recordId, bool inBackground = false) =>
        client.PostAsJsonAsync("/api/v1/postings", new { recordType, recordId, inBackground });

    public async Task<JsonElement> PostOkAsync(string recordType, string recordId)
    {
        var response = await PostAsync(recordType, recordId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A released document no workflow covers, as an ERP that releases it by hand sends it.</summary>
    public async Task ReleasedAsync(string recordType, string recordId, IReadOnlyDictionary<string, string> fields)
    {
        var released = new Dictionary<string, string>(fields) { ["Status"] = "Released" };
        await new WorkflowApi(client).RaiseOkAsync("RECORD_CREATED", recordType, recordId, released);
    }

    public async Task<JsonElement[]> LedgerAsync(string ledger, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/ledger-entries/{ledger}?{query}")).EnumerateArray().ToArray();

    public async Task<JsonElement[]> ListAsync(string path) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/{path}")).EnumerateArray().ToArray();

    public static decimal Amount(JsonElement entry) => entry.GetProperty("amount").GetDecimal();

    public static string[] Numbers(JsonElement result) =>
        result.GetProperty("postedDocuments").EnumerateArray().Select(d => $"{d.GetProperty("documentType").GetString()} {d.GetProperty("documentNo").GetString()}").ToArray();
}
