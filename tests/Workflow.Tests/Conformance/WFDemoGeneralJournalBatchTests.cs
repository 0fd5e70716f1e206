using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134187 "WF Demo General Journal Batch": a journal batch of the general, cash receipt or
/// payment journal sent for approval to the requester's direct approver (CreateApprovalSetup), who approves, rejects or
/// delegates it, or the requester cancels it. The batch approval workflow is MS-GJBAPW's approval part (pattern P4 after
/// its balance check: restrict, create and send, then as P2), built through the API.
/// </summary>
public sealed class WFDemoGeneralJournalBatchTests
{
    private const string Batch = "GEN_JOURNAL_BATCH";

    private static async Task<(WorkflowServerFactory Server, ApprovalScenario Scenario, string Request)> SentAsync(TestDatabase database, string templateType = "General")
    {
        var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        await scenario.SetupAsync("SUB");
        await scenario.SetupAsync("APPR", substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, Batch, code: "MS-GJBAPW-COPY");
        var request = await SendRecordOkAsync(scenario, "REQ", Batch, "GENERAL|B-1", new Dictionary<string, string>
        {
            ["Journal Template Name"] = "GENERAL", ["Name"] = "B-1", ["Template Type"] = templateType, ["Balance"] = "0",
        });
        // VerifyOpenApprovalEntry: the requester's approver has the Open entry.
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
        return (server, scenario, request);
    }

    /// <summary>DirectApproverApprovesRequest and TrySendJournalBatchApprovalRequestWhenNoEntryExists: the direct approver approves; the entry is Approved.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DirectApproverApprovesRequest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database);
        await using var _ = server;

        await scenario.ActOkAsync("APPR", request, "approve");

        Assert.Equal(["APPR:Approved"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
        Assert.Empty(await RestrictionsAsync(scenario, Batch, "GENERAL|B-1"));
    }

    /// <summary>DirectApproverRejectsRequest: the entry is Rejected and the requester gets the rejection notification.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DirectApproverRejectsRequest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database);
        await using var _ = server;

        await scenario.ActOkAsync("APPR", request, "reject");

        Assert.Equal(["APPR:Rejected"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
        var notifications = await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Single(notifications.EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("rejected"));
    }

    /// <summary>DirectApproverDelegatesRequest: the entry goes to the approver's substitute, still Open, who approves it.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DirectApproverDelegatesRequest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database);
        await using var _ = server;

        await scenario.ActOkAsync("APPR", request, "delegate", new { entryNo = 1 });
        Assert.Equal(["SUB:Open"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));

        await scenario.ActOkAsync("SUB", request, "approve");
        Assert.Equal(["SUB:Approved"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
    }

    public static TheoryData<string, string> ProvidersAndJournals()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var templateType in new[] { "General", "Cash Receipts", "Payments" })
                rows.Add(provider, templateType);
        return rows;
    }

    /// <summary>
    /// RequestorCancelsRequestToDirectApprover, RequestorCancelsCashReceiptRequestToDirectApprover,
    /// RequestorCancelsPaymentRequestToDirectApprover: the requester cancels the batch's request; the entry is Canceled.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndJournals))]
    public async Task RequestorCancelsRequestToDirectApprover(string provider, string templateType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, _) = await SentAsync(database, templateType);
        await using var __ = server;

        await CancelRecordApprovalAsync(scenario, "REQ", Batch, "GENERAL|B-1");

        Assert.Equal(["APPR:Canceled"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
        Assert.Empty(await scenario.InboxAsync("APPR"));
    }

    /// <summary>
    /// TrySendJournalBatchApprovalRequestWhenOpenLineEntryExists: while a line of the batch has an open approval
    /// request, sending the batch is refused and no batch entry is made.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TrySendJournalBatchApprovalRequestWhenOpenLineEntryExists(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, Batch, code: "MS-GJBAPW-COPY");
        await EnableRecordApprovalAsync(scenario, "GEN_JOURNAL_LINE", code: "MS-GJLAPW-COPY");
        await SendRecordOkAsync(scenario, "REQ", "GEN_JOURNAL_LINE", "GENERAL/B-2/10000", new Dictionary<string, string>
        {
            ["Journal Template Name"] = "GENERAL", ["Journal Batch Name"] = "B-2", ["Line No."] = "10000", ["Amount"] = "300",
        });

        var refused = await new Workflows.WorkflowApi(scenario.As("REQ")).RaiseAsync($"{Batch}_APPROVAL_REQUESTED", Batch, "GENERAL/B-2",
            new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "B-2" });

        Assert.StartsWith(ApprovalRequestAlreadyExists, await RefusalAsync(refused, HttpStatusCode.Conflict));
        Assert.Empty(await scenario.RecordEntriesAsync(Batch, "GENERAL/B-2"));
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync("GEN_JOURNAL_LINE", "GENERAL/B-2/10000"));
    }

    /// <summary>
    /// TrySendJournalBatchApprovalRequestWhenOpenBatchEntryExists: sending the batch again while its request is open is
    /// refused with "An approval request already exists."; the batch keeps its one Open entry and its one instance.
    /// Once the request is canceled, the batch can be sent again.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TrySendJournalBatchApprovalRequestWhenOpenBatchEntryExists(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, _) = await SentAsync(database);
        await using var __ = server;
        var fields = new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "B-1", ["Template Type"] = "General", ["Balance"] = "0" };

        var again = await new Workflows.WorkflowApi(scenario.As("REQ")).RaiseAsync($"{Batch}_APPROVAL_REQUESTED", Batch, "GENERAL|B-1", fields);

        Assert.StartsWith(ApprovalRequestAlreadyExists, await RefusalAsync(again, HttpStatusCode.Conflict));
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
        Assert.Single((await scenario.Admin.InstancesAsync($"?recordId={Uri.EscapeDataString("GENERAL|B-1")}")).EnumerateArray());

        await CancelRecordApprovalAsync(scenario, "REQ", Batch, "GENERAL|B-1");
        await SendRecordOkAsync(scenario, "REQ", Batch, "GENERAL|B-1", fields);
        Assert.Equal(["APPR:Canceled", "APPR:Open"], await scenario.RecordEntriesAsync(Batch, "GENERAL|B-1"));
    }

    /// <summary>
    /// WorkflowInstanceQueryWithoutInstance and WorkflowDefenitionQueryWithoutSteps: a workflow created without steps
    /// has no steps and no instances.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WorkflowInstanceQueryWithoutInstance(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new Workflows.WorkflowApi(server.AdminClient());

        var created = await admin.CreateAsync("EMPTY", []);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var workflow = await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/EMPTY");
        Assert.Empty(workflow.GetProperty("steps").EnumerateArray());
        Assert.Empty((await admin.InstancesAsync("?workflowCode=EMPTY")).EnumerateArray());
    }
}
