using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;

namespace Workflow.Tests.Approvals;

/// <summary>The approval setup calls the tests make, as a client of the API would make them.</summary>
public sealed class ApprovalSetupApi(HttpClient client)
{
    public HttpClient Client => client;

    public async Task AddUsersAsync(params string[] userIds)
    {
        foreach (var userId in userIds)
        {
            var response = await client.PostAsJsonAsync("/api/v1/users", new { userId, displayName = userId });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    public Task<HttpResponseMessage> PutSetupAsync(string userId, object body) =>
        client.PutAsJsonAsync($"/api/v1/approval-user-setup/{userId}", body);

    /// <summary>Sets a user's approver (none when null), leaving every other field at its default.</summary>
    public async Task SetApproverAsync(string userId, string? approverId)
    {
        var response = await PutSetupAsync(userId, new { approverId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> PutGroupAsync(string code, object body) =>
        client.PutAsJsonAsync($"/api/v1/workflow-user-groups/{code}", body);

    public async Task<JsonElement> GetOkAsync(string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The whole approval setup of the tenant as text, to show that a refused change left it as it was.</summary>
    public async Task<string> SnapshotAsync() =>
        (await GetOkAsync("/api/v1/approval-user-setup")).GetRawText() + (await GetOkAsync("/api/v1/workflow-user-groups")).GetRawText();

    /// <summary>Asserts a 400 naming <paramref name="field"/> with a reason containing <paramref name="reasonPart"/>.</summary>
    public static async Task RefusedAsync(HttpResponseMessage response, string field, string reasonPart)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        var reasons = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.True(reasons.Any(r => r.Contains(reasonPart, StringComparison.OrdinalIgnoreCase)),
            $"expected '{field}' to say '{reasonPart}', got: {string.Join(" | ", reasons)}");
    }
}
