using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;

namespace Workflow.Tests.Faults;

/// <summary>
/// A server of a two-server cluster is killed (kill -9) while invoices go through it: every submission it acknowledged
/// is kept, its grains come back on the other server, and the work goes on there.
/// </summary>
public sealed class NodeLossTests
{
    [Fact]
    public async Task A_killed_server_loses_nothing_it_acknowledged_and_its_grains_come_back_on_the_other()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var survivor = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(survivor, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver" });
        var reqToken = await TokenAsync(scenario.Admin.Client, "REQ");

        await using var doomed = await ServerProcess.StartAsync(database, ScenarioPlugins.Directory);
        var requesterOnDoomed = new WorkflowApi(doomed.ClientWithToken(reqToken));
        var acknowledged = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var invoice = $"PI-K{i}";
            var fields = new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "700" };
            // The kill lands in the middle of the submissions: some are answered, the one in flight may not be.
            var send = requesterOnDoomed.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice, fields, $"send-{invoice}");
            if (i == 30)
                await doomed.KillAsync();
            try
            {
                if ((await send).StatusCode == HttpStatusCode.OK)
                    acknowledged.Add(invoice);
            }
            catch (HttpRequestException)
            {
                break; // the server is gone
            }
        }
        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} submissions were answered before the kill");

        // Through the survivor, once the cluster has noticed (calls to the dead silo answer 503 until then):
        // every acknowledged submission waits for MGR, and approving it releases the invoice.
        var mgr = scenario.As("MGR");
        foreach (var invoice in acknowledged)
        {
            var record = await UntilAvailableAsync(() => scenario.Admin.Client.GetAsync($"/api/v1/records/PURCHASE_DOCUMENT/{invoice}"));
            Assert.Equal("Pending Approval", record.GetProperty("fields").GetProperty("Status").GetString());
            var request = record.GetProperty("instances")[0].GetProperty("instanceId").GetString()!;
            await UntilAvailableAsync(() => mgr.PostAsJsonAsync($"/api/v1/approval-requests/{request}/approve", new { idempotencyKey = $"ok-{invoice}" }));
            var released = await UntilAvailableAsync(() => scenario.Admin.Client.GetAsync($"/api/v1/records/PURCHASE_DOCUMENT/{invoice}"));
            Assert.Equal("Released", released.GetProperty("fields").GetProperty("Status").GetString());
        }
    }

    private static async Task<string> TokenAsync(HttpClient admin, string user)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/users/{user}/tokens", new { name = "second server" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Sends again while the answer is 503 (as a client honouring Retry-After would), for a bounded time.</summary>
    private static async Task<JsonElement> UntilAvailableAsync(Func<Task<HttpResponseMessage>> send)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || waited.Elapsed > TimeSpan.FromSeconds(120))
            {
                Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            await Task.Delay(500);
        }
    }
}
