using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;

namespace Workflow.Tests.Posting;

/// <summary>"Post the document in the background": the durable job queue, end to end through the API, on both stores.</summary>
public sealed class BackgroundPostingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_purchase_invoice_from_the_invoice_approval_template_is_approved_released_and_posted_in_the_background(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await CopyWithBackgroundPostingAfterReleaseAsync(scenario.Admin.Client, "WF-PIAPW", "PI-AUTOPOST");

        var sent = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-1001",
            new Dictionary<string, string>(PostingApi.VendorInvoice) { ["Status"] = "Open", ["Purchaser Code"] = "MGR" });
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1001"));
        await scenario.ActOkAsync("MGR", sent.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!, "approve");

        // Approving released the invoice and queued its posting with the same commit; nothing is posted yet.
        Assert.Equal("Released", await scenario.StatusAsync("PI-1001"));
        var posting = new PostingApi(scenario.Admin.Client);
        var queued = Assert.Single(await posting.ListAsync("jobs?recordType=PURCHASE_DOCUMENT&recordId=PI-1001"));
        Assert.Equal(("Ready", "PI-AUTOPOST", "MGR"), (queued.GetProperty("status").GetString(), queued.GetProperty("workflowCode").GetString(), queued.GetProperty("requestedBy").GetString()));
        Assert.Empty(await posting.ListAsync("posted-documents"));

        await server.RunDueWorkAsync();

        var job = await scenario.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{queued.GetProperty("jobId").GetString()}");
        Assert.Equal(("Finished", 1, "108001"), (job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32(), job.GetProperty("postedDocumentNo").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-1001")).StatusCode);
        var gl = await posting.LedgerAsync("gl", "documentType=Posted%20Purchase%20Invoice&documentNo=108001");
        Assert.Equal(3, gl.Length);
        Assert.Equal(0m, gl.Sum(PostingApi.Amount));
        Assert.Equal(-1250m, PostingApi.Amount(Assert.Single(await posting.LedgerAsync("vendor", "recordType=PURCHASE_DOCUMENT&recordId=PI-1001"))));
        var postedEntries = await posting.ListAsync("posted-approval-entries?recordType=PURCHASE_DOCUMENT&recordId=PI-1001");
        Assert.Contains(postedEntries, e => e.GetProperty("approverId").GetString() == "MGR" && e.GetProperty("status").GetString() == "Approved");
        // A second run finds nothing to do: posted once.
        await server.RunDueWorkAsync();
        Assert.Single(await posting.ListAsync("posted-documents"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_background_posting_keeps_its_error_on_the_job_is_retried_and_posts_once_fixed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, clock: clock);
        var admin = server.AdminClient();
        var posting = new PostingApi(admin);
        var noVendor = new Dictionary<string, string>(PostingApi.VendorInvoice);
        noVendor.Remove("Buy-from Vendor No.");
        await posting.ReleasedAsync("PURCHASE_DOCUMENT", "PI-NV", noVendor);

        var queuedResponse = await posting.PostAsync("PURCHASE_DOCUMENT", "PI-NV", inBackground: true);
        Assert.Equal(HttpStatusCode.Accepted, queuedResponse.StatusCode);
        var jobId = (await queuedResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        // Asking again queues nothing more: one job per document.
        Assert.Equal(HttpStatusCode.Accepted, (await posting.PostAsync("PURCHASE_DOCUMENT", "PI-NV", inBackground: true)).StatusCode);
        Assert.Single(await posting.ListAsync("jobs"));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await server.RunDueWorkAsync();
            var failed = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");
            Assert.Equal(("Error", attempt), (failed.GetProperty("status").GetString(), failed.GetProperty("attempts").GetInt32()));
            Assert.Contains("Buy-from Vendor No. must have a value", failed.GetProperty("lastError").GetString());
            // Not before its rerun delay: running again at once does nothing.
            await server.RunDueWorkAsync();
            Assert.Equal(attempt, (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}")).GetProperty("attempts").GetInt32());
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        // Out of attempts: it waits for someone, with no next attempt.
        var stuck = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}?");
        Assert.Equal(JsonValueKind.Null, stuck.GetProperty("nextAttemptAt").ValueKind);
        Assert.Single(await posting.ListAsync("jobs?status=Error"));

        await new WorkflowApi(admin).RaiseOkAsync("RECORD_CHANGED", "PURCHASE_DOCUMENT", "PI-NV", new Dictionary<string, string> { ["Buy-from Vendor No."] = "V20000" });
        var restarted = await admin.PostAsync($"/api/v1/jobs/{jobId}/restart", null);
        Assert.True(restarted.IsSuccessStatusCode, await restarted.Content.ReadAsStringAsync());
        await server.RunDueWorkAsync();

        var done = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");
        Assert.Equal(("Finished", "108001"), (done.GetProperty("status").GetString(), done.GetProperty("postedDocumentNo").GetString()));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("lastError").ValueKind);
        Assert.Equal("V20000", Assert.Single(await posting.LedgerAsync("vendor", "")).GetProperty("accountNo").GetString());
        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/v1/jobs/{jobId}/restart", null), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/jobs?status=Sleeping"), HttpStatusCode.BadRequest, "status");
    }

    /// <summary>Copies a template and puts "Post the document in the background" right after its release step, then enables the copy.</summary>
    internal static async Task CopyWithBackgroundPostingAfterReleaseAsync(HttpClient admin, string template, string code)
    {
        var copied = await admin.PostAsJsonAsync($"/api/v1/workflows/{template}/copy", new { code });
        Assert.True(copied.IsSuccessStatusCode, await copied.Content.ReadAsStringAsync());
        var workflow = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/workflows/{code}"))!.AsObject();
        var steps = workflow["steps"]!.AsArray();
        var release = steps.Single(s => s!["functionCode"]!.GetValue<string>() == "RELEASE_DOCUMENT")!;
        steps.Add(new JsonObject
        {
            ["id"] = steps.Max(s => s!["id"]!.GetValue<int>()) + 1,
            ["type"] = "Response",
            ["functionCode"] = "BACKGROUND_POST_DOCUMENT",
            ["previousStepId"] = release["id"]!.GetValue<int>(),
        });
        var draft = new JsonObject
        {
            ["code"] = code, ["description"] = workflow["description"]!.DeepClone(), ["category"] = workflow["category"]?.DeepClone(),
            ["recordType"] = workflow["recordType"]?.DeepClone(), ["steps"] = steps.DeepClone(),
        };
        var updated = await admin.PutAsync($"/api/v1/workflows/{code}", new StringContent(draft.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
        var enabled = await admin.PostAsync($"/api/v1/workflows/{code}/enable", null);
        Assert.True(enabled.IsSuccessStatusCode, await enabled.Content.ReadAsStringAsync());
    }
}
