using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Approvals;

/// <summary>
/// An event the engine raised for itself and then refused (the approval answered, but the next approval step finds no
/// approver) is a permanent refusal: it is not retried every 30 s for ever, it waits, with its reason, on the
/// administrators' list of refused events.
/// </summary>
public sealed class RefusedEventTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_engine_event_ends_its_retries_and_is_listed_for_administrators_with_its_reason(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "CFO");
        await scenario.SetupAsync("APPR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.SetupAsync("CFO", unlimited: true);
        // Two stages: the direct approver, then the CFO as the specific approver.
        await scenario.Admin.CreateAndEnableAsync("TWO-STAGE",
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(6, "CREATE_APPROVAL_REQUESTS", 5, new { approverType = "Approver", approverLimitType = "Specific Approver", approverUserId = "CFO", approvalLimit = "Purchase" }),
            Response(7, "SEND_APPROVAL_REQUEST", 6),
            Event(8, "APPROVAL_REQUEST_APPROVED", 7, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(9, "RELEASE_DOCUMENT", 8),
        ]);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 500m);
        // The CFO leaves the approval setup while the first stage waits: the second stage will find no approver.
        var removed = await scenario.Admin.Client.DeleteAsync("/api/v1/approval-user-setup/CFO");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());

        var approved = await scenario.ActOkAsync("APPR", request, "approve");
        Assert.Empty(approved.GetProperty("workflow").EnumerateArray());

        var refused = Assert.Single((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/events/refused")).EnumerateArray());
        Assert.Equal("APPROVAL_REQUEST_APPROVED", refused.GetProperty("eventCode").GetString());
        Assert.Equal("PI-1", refused.GetProperty("recordId").GetString());
        Assert.Equal("User ID CFO does not exist in the Approval User Setup window.", refused.GetProperty("reason").GetString());
        // Two relay passes may overlap and both try it before it is marked refused; no later round may try it again.
        var attempts = refused.GetProperty("attempts").GetInt32();
        Assert.InRange(attempts, 1, 2);

        // The relay's later rounds leave it alone: no second attempt, however long one waits.
        for (var round = 0; round < 3; round++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await server.RunDueWorkAsync();
        }
        var still = Assert.Single((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/events/refused")).EnumerateArray());
        Assert.Equal(attempts, still.GetProperty("attempts").GetInt32());
        await using (var storage = database.CreateProvider())
        await using (var connection = await storage.OpenConnectionAsync())
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM event_outbox WHERE refused_at_ms IS NOT NULL"));

        // The entry is approved and the document waits where the refusal left it; nothing else was done.
        Assert.Equal(["APPR:Approved"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1"));

        // The list is the tenant administrators'.
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.As("APPR").GetAsync("/api/v1/events/refused")).StatusCode);
    }
}
