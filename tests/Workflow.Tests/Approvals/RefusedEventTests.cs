using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Workflow.Tests.Api;
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
        var (scenario, request) = await SecondStageWithoutApproverAsync(server);
        var approved = await scenario.ActOkAsync("APPR", request, "approve");
        Assert.Empty(approved.GetProperty("workflow").EnumerateArray());

        // The node's polling pass may have read the event before the approval's own raise refused it: one more pass of
        // ours waits for it, so what is listed next is settled.
        await server.RunDueWorkAsync();
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrator_retries_a_refused_event_once_its_cause_is_fixed_and_it_takes_effect(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, new ManualTimeProvider());
        var (scenario, eventId) = await RefusedSecondStageAsync(server);

        // Retried before the cause is fixed: refused again, with the reason, and still listed.
        var again = await scenario.Admin.Client.PostAsync($"/api/v1/events/refused/{eventId}/retry", null);
        var problem = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("CFO does not exist in the Approval User Setup window", problem.GetProperty("detail").GetString());
        Assert.Single((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/events/refused")).EnumerateArray());
        // Approvers retry nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.As("APPR").PostAsync($"/api/v1/events/refused/{eventId}/retry", null)).StatusCode);

        // The CFO is back in the approval setup: the retry runs the second stage, and the event leaves the list.
        await scenario.SetupAsync("CFO", unlimited: true);
        var retried = await scenario.Admin.Client.PostAsync($"/api/v1/events/refused/{eventId}/retry", null);
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
        Assert.Equal(["PI-1"], await scenario.InboxAsync("CFO"));
        Assert.Empty((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/events/refused")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.PostAsync($"/api/v1/events/refused/{eventId}/retry", null)).StatusCode);
        Assert.Contains("CFO:Open", await scenario.RecordEntriesAsync("PURCHASE_DOCUMENT", "PI-1"));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrator_dismisses_a_refused_event_and_it_is_gone_for_good(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, new ManualTimeProvider());
        var (scenario, eventId) = await RefusedSecondStageAsync(server);

        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.As("APPR").DeleteAsync($"/api/v1/events/refused/{eventId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Admin.Client.DeleteAsync($"/api/v1/events/refused/{eventId}")).StatusCode);
        Assert.Empty((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/events/refused")).EnumerateArray());
        await ProblemAssert.IsProblemAsync(await scenario.Admin.Client.DeleteAsync($"/api/v1/events/refused/{eventId}"), HttpStatusCode.NotFound);
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-1"));
    }

    /// <summary>APPR approves the first stage of <see cref="SecondStageWithoutApproverAsync"/>; returns the refused event's id.</summary>
    private static async Task<(ApprovalScenario Scenario, string EventId)> RefusedSecondStageAsync(WorkflowServerFactory server)
    {
        var (scenario, request) = await SecondStageWithoutApproverAsync(server);
        await scenario.ActOkAsync("APPR", request, "approve");
        var refused = Assert.Single((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/events/refused")).EnumerateArray());
        return (scenario, refused.GetProperty("eventId").GetString()!);
    }

    /// <summary>
    /// A two-stage invoice approval (direct approver, then the CFO) sent by REQ, whose CFO then leaves the approval setup:
    /// APPR's approval will raise an event the second stage refuses.
    /// </summary>
    private static async Task<(ApprovalScenario Scenario, string Request)> SecondStageWithoutApproverAsync(WorkflowServerFactory server)
    {
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
        return (scenario, request);
    }
}
