using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Workflows;

/// <summary>The calls scenario tests make, as a user of the API would make them.</summary>
public sealed class WorkflowApi(HttpClient client)
{
    // Field names in conditions and record values are sent as written ("Amount"), not camel-cased.
    private static readonly JsonSerializerOptions AsWritten = new();

    public HttpClient Client => client;

    public static object Event(int id, string code, int? previous = null, object? conditions = null, int sequenceNo = 1, object? changeConditions = null) =>
        new { id, type = "Event", functionCode = code, previousStepId = previous, conditions = conditions ?? new { }, sequenceNo, changeConditions = changeConditions ?? Array.Empty<object>() };

    public static object Response(int id, string code, int previous, object? options = null, int? next = null) =>
        new { id, type = "Response", functionCode = code, previousStepId = previous, options = options ?? new { }, nextStepId = next };

    public Task<HttpResponseMessage> CreateAsync(string code, object[] steps, string? recordType = null) =>
        client.PostAsJsonAsync("/api/v1/workflows", new { code, description = $"Workflow {code}", category = "SALES", recordType, steps }, AsWritten);

    public async Task CreateAndEnableAsync(string code, object[] steps, string? recordType = null)
    {
        var created = await CreateAsync(code, steps, recordType);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var enabled = await client.PostAsync($"/api/v1/workflows/{code}/enable", null);
        Assert.True(enabled.IsSuccessStatusCode, await enabled.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> RaiseAsync(string eventCode, string recordType, string recordId, object? fields = null, string? idempotencyKey = null, object? previousFields = null) =>
        client.PostAsJsonAsync("/api/v1/events/raise", new { eventCode, recordType, recordId, fields = fields ?? new { }, previousFields, idempotencyKey }, AsWritten);

    public async Task<JsonElement> RaiseOkAsync(string eventCode, string recordType, string recordId, object? fields = null, string? idempotencyKey = null)
    {
        var response = await RaiseAsync(eventCode, recordType, recordId, fields, idempotencyKey);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> RecordAsync(string recordType, string recordId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/records/{recordType}/{Uri.EscapeDataString(recordId)}");

    public async Task<string?> FieldAsync(string recordType, string recordId, string field) =>
        (await RecordAsync(recordType, recordId)).GetProperty("fields").GetProperty(field).GetString();

    public async Task<JsonElement> InstancesAsync(string query = "") =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/instances{query}");

    public async Task<JsonElement> InstanceAsync(string instanceId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/instances/{instanceId}");

    public static string StepStatus(JsonElement instance, int stepId) =>
        instance.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetInt32() == stepId).GetProperty("status").GetString()!;

    public async Task<JsonElement> EnableRefusedAsync(string code) =>
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/api/v1/workflows/{code}/enable", null), System.Net.HttpStatusCode.BadRequest);
}
