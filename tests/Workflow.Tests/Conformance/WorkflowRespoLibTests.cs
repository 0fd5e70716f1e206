using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134310 "Workflow Respo. Lib. Tests": each procedure runs one response of the library on a
/// record (CreateWorkflowStepInstanceWithTwoResponses: "do nothing", then the response). Here the same two responses
/// follow an entry-point event in a workflow built through the API, and the event is raised on the record. BC's
/// CreateThreeUserSetupWithApproverChain is <see cref="ChainAsync"/>: REQ (limits 100, approver APPR1), APPR1 (limits
/// 1,000, approver APPR2), APPR2 (unlimited); the invoice is for 5,000.
/// </summary>
public sealed class WorkflowRespoLibTests
{
    private const string No = "PI-1";
    private const decimal InvoiceAmount = 5000m;

    /// <summary>BC's CreateThreeUserSetupWithApproverChain (purchase and sales limits alike).</summary>
    private static async Task<ApprovalScenario> ChainAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR1", "APPR2", "SPEC");
        await scenario.SetupAsync("APPR2", unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync("APPR1", approver: "APPR2", purchaseLimit: 1000m, salesLimit: 1000m);
        await scenario.SetupAsync("REQ", approver: "APPR1", purchaseLimit: 100m, salesLimit: 100m);
        return scenario;
    }

    /// <summary>
    /// BC's CreateWorkflowStepInstanceWithTwoResponses: the entry-point event, "do nothing", then the responses under test,
    /// one after the other.
    /// </summary>
    private static Task EnableResponsesAsync(ApprovalScenario scenario, string entryEvent, string? recordType, params (string Code, object? Options)[] responses)
    {
        var steps = new List<object> { Event(1, entryEvent), Response(2, "DO_NOTHING", 1) };
        for (var i = 0; i < responses.Length; i++)
            steps.Add(Response(i + 3, responses[i].Code, i + 2, responses[i].Options));
        return scenario.Admin.CreateAndEnableAsync("WF-RESP", [.. steps], recordType);
    }

    private static Task EnableApprovalResponsesAsync(ApprovalScenario scenario, string recordType, params (string Code, object? Options)[] responses) =>
        EnableResponsesAsync(scenario, $"{recordType}_APPROVAL_REQUESTED", null, responses);

    /// <summary>The request's entries as approver:status:sequence, in entry order.</summary>
    private static string[] Entries(JsonElement request) =>
        request.GetProperty("entries").EnumerateArray()
            .Select(e => $"{e.GetProperty("approverId").GetString()}:{e.GetProperty("status").GetString()}:{e.GetProperty("sequenceNo").GetInt32()}").ToArray();

    private static async Task<int> NotificationCountAsync(ApprovalScenario scenario, string user, string recordId) =>
        (await scenario.As(user).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Count(n => n.GetProperty("recordId").GetString() == recordId);

    /// <summary>One row per BC procedure of the CreateApprReqResp… family: the record type, the options, who sends, the purchaser/salesperson code, the entries BC asserts.</summary>
    public static TheoryData<string, string, string, string, string?, string?, string[]> CreateApprovalRequestRows()
    {
        var rows = new TheoryData<string, string, string, string, string?, string?, string[]>();
        (string Procedure, string RecordType, string ApproverType, string LimitType, string? Code, string? Specific, string[] Entries)[] procedures =
        [
            ("CreateApprReqRespWithApproverTypeAndAllApprovalLimitTest", Purchase, "Approver", "Approver Chain", null, null, ["REQ:Approved:1", "APPR1:Created:2", "APPR2:Created:3"]),
            ("CreateApprReqRespWithApproverTypeAndNoLimitTest", Purchase, "Approver", "Direct Approver", null, null, ["APPR1:Created:1"]),
            // BC gives the invoice a purchaser of its own (TFS 381808): approver type Approver does not look at it.
            ("CreateApprReqRespWithApproverTypeAndLastApprovalLimitTest", Purchase, "Approver", "First Qualified Approver", "SPEC", null, ["REQ:Approved:1", "APPR2:Created:2"]),
            ("CreateApprReqRespWithApproverTypeAndSpeificApproverTest", Purchase, "Approver", "Specific Approver", null, "SPEC", ["SPEC:Created:1"]),
            ("CreateApprReqRespWithPurchaserTypeAndAllApprovalLimitTest", Purchase, "Salesperson/Purchaser", "Approver Chain", "APPR1", null, ["APPR1:Created:1", "APPR2:Created:2"]),
            ("CreateApprReqRespWithPurchaserTypeAndNoLimitTest", Purchase, "Salesperson/Purchaser", "Direct Approver", "APPR1", null, ["APPR1:Created:1"]),
            ("CreateSalesApprReqRespWithApproverTypeAndAllApprovalLimitTest", Sales, "Approver", "Approver Chain", null, null, ["REQ:Approved:1", "APPR1:Created:2", "APPR2:Created:3"]),
            ("CreateSalesApprReqRespWithApproverTypeAndNoLimitTest", Sales, "Approver", "Direct Approver", null, null, ["APPR1:Created:1"]),
            ("CreateSalesApprReqRespWithApproverTypeAndLastApprovalLimitTest", Sales, "Approver", "First Qualified Approver", "SPEC", null, ["REQ:Approved:1", "APPR2:Created:2"]),
            ("CreateSalesApprReqRespWithSalespersonTypeAndAllApprovalLimitTest", Sales, "Salesperson/Purchaser", "Approver Chain", "APPR1", null, ["APPR1:Created:1", "APPR2:Created:2"]),
            ("CreateSalesApprReqRespWithSalespersonTypeAndNoLimitTest", Sales, "Salesperson/Purchaser", "Direct Approver", "APPR1", null, ["APPR1:Created:1"]),
            ("CreateSalesApprReqRespWithSalespersonTypeAndSpecificApproverTest", Sales, "Salesperson/Purchaser", "Specific Approver", "APPR1", "SPEC", ["APPR1:Created:1", "SPEC:Created:2"]),
        ];
        foreach (var provider in TestDatabase.Providers)
            foreach (var p in procedures)
                rows.Add(provider, p.Procedure, p.RecordType, $"{p.ApproverType}|{p.LimitType}", p.Code, p.Specific, p.Entries);
        return rows;
    }

    /// <summary>
    /// The twelve CreateApprReqResp… / CreateSalesApprReqResp… procedures: "Create an approval request" alone (no send)
    /// on a 5,000 invoice makes the entries of the approver type and limit type: the sender's own entry Approved where
    /// BC makes one, every other entry Created, in sequence, each due a month from today (due date formula &lt;+1M&gt;),
    /// sent by the sender and under the workflow's code (BC's Approval Code). The engine keeps the approver type and
    /// limit type on the response, not on each entry, so those two of BC's checks have no field to compare.
    /// </summary>
    [Theory]
    [MemberData(nameof(CreateApprovalRequestRows))]
    public async Task CreateApprReqResp(string provider, string procedure, string recordType, string types, string? approverCode, string? specificApprover, string[] expected)
    {
        _ = procedure;
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock);
        var scenario = await ChainAsync(server);
        await scenario.SetupAsync("SPEC");
        var (approverType, limitType) = (types.Split('|')[0], types.Split('|')[1]);
        await EnableApprovalResponsesAsync(scenario, recordType, ("CREATE_APPROVAL_REQUESTS", new
        {
            approverType, approverLimitType = limitType, approvalLimit = LimitFor(recordType), dueDateFormula = "<+1M>", approverUserId = specificApprover,
        }));

        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount, approverCode);

        var view = await scenario.RequestAsync(request);
        Assert.Equal(expected, Entries(view));
        var due = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddMonths(1).ToString("yyyy-MM-dd");
        Assert.All(view.GetProperty("entries").EnumerateArray(), e =>
        {
            Assert.Equal("REQ", e.GetProperty("senderId").GetString());
            Assert.Equal(due, e.GetProperty("dueDate").GetString());
        });
        Assert.Equal("WF-RESP", view.GetProperty("workflowCode").GetString());
    }

    /// <summary>
    /// CreateApprReqRespWithPurchaserTypeAndLastApprovalLimitTest and its sales twin (TFS 377860), BC's
    /// CreateThreeUserSetupWithApproverChainFirstQualified: the purchaser A (limit L, approver B), B (limit 10 L), the
    /// sender C with a setup of its own; an invoice for 2 L with purchaser A gets one entry, B's, Created, and none for
    /// A or C.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task CreateApprReqRespWithPurchaserTypeAndLastApprovalLimitTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "C", "A", "B");
        await scenario.SetupAsync("C");
        await scenario.SetupAsync("B", purchaseLimit: 1500m, salesLimit: 1500m);
        await scenario.SetupAsync("A", approver: "B", purchaseLimit: 150m, salesLimit: 150m);
        await EnableApprovalResponsesAsync(scenario, recordType, ("CREATE_APPROVAL_REQUESTS", new
        {
            approverType = "Salesperson/Purchaser", approverLimitType = "First Qualified Approver", approvalLimit = LimitFor(recordType), dueDateFormula = "<+1M>",
        }));

        var request = await scenario.SendDocumentOkAsync("C", recordType, "Invoice", No, 300m, approverCode: "A");

        Assert.Equal(["B:Created:1"], Entries(await scenario.RequestAsync(request)));
    }

    /// <summary>
    /// CreateSalesApprReqRespWithSalespersonTypeAndNoSalesPersonCodeThrowsErrorTest: approver type Salesperson/Purchaser
    /// on an invoice without a salesperson code is refused, "Salespers./Purch. Code must have a value", and nothing changes.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateSalesApprReqRespWithSalespersonTypeAndNoSalesPersonCodeThrowsErrorTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await scenario.SetupAsync("SPEC");
        await EnableApprovalResponsesAsync(scenario, Sales, ("CREATE_APPROVAL_REQUESTS", new
        {
            approverType = "Salesperson/Purchaser", approverLimitType = "Specific Approver", approvalLimit = "Sales", approverUserId = "SPEC",
        }));

        var refused = await scenario.SendDocumentAsync("REQ", Sales, "Invoice", No, InvoiceAmount);

        Assert.Contains("Salespers./Purch. Code must have a value", await RefusalAsync(refused, HttpStatusCode.UnprocessableEntity));
        await NothingChangedAsync(scenario, Sales, No);
    }

    /// <summary>Both stores × the three user group procedures: record type and whether the members share one sequence number.</summary>
    public static TheoryData<string, string, string, bool> UserGroupRows()
    {
        var rows = new TheoryData<string, string, string, bool>();
        foreach (var provider in TestDatabase.Providers)
        {
            rows.Add(provider, "CreateApprReqRespWithTypeSequentialWorkflowUserGroupTest", Purchase, false);
            rows.Add(provider, "CreateApprReqRespWithTypeFlatWorkflowUserGroupTest", Purchase, true);
            rows.Add(provider, "CreateSalesApprReqRespWithTypeWorkflowUserGroupTest", Sales, false);
        }
        return rows;
    }

    /// <summary>
    /// CreateApprReqRespWithTypeSequentialWorkflowUserGroupTest, …FlatWorkflowUserGroupTest and
    /// CreateSalesApprReqRespWithTypeWorkflowUserGroupTest: "Create an approval request" for a workflow user group of three
    /// makes three Created entries, sequence 1, 2, 3 (sequential group) or all 1 (flat group), each due in a month.
    /// </summary>
    [Theory]
    [MemberData(nameof(UserGroupRows))]
    public async Task CreateApprReqRespWithTypeWorkflowUserGroup(string provider, string procedure, string recordType, bool flat)
    {
        _ = procedure;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfThreeAsync(server, flat);
        await EnableApprovalResponsesAsync(scenario, recordType,
            ("CREATE_APPROVAL_REQUESTS", new { approverType = "Workflow User Group", workflowUserGroupCode = "GU1", dueDateFormula = "<+1M>" }));

        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount);

        Assert.Equal(flat ? ["G1:Created:1", "G2:Created:1", "G3:Created:1"] : ["G1:Created:1", "G2:Created:2", "G3:Created:3"],
            Entries(await scenario.RequestAsync(request)));
    }

    /// <summary>BC's CreateThreeUserSetupWith{Sequential,Flat}WorkflowUserGroup, and the sender's own setup (CreateOrFindCurrentUserSetup).</summary>
    private static async Task<ApprovalScenario> GroupOfThreeAsync(WorkflowServerFactory server, bool flat, bool senderSetup = true)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "G1", "G2", "G3");
        foreach (var member in new[] { "G1", "G2", "G3" })
            await scenario.SetupAsync(member);
        if (senderSetup)
            await scenario.SetupAsync("REQ");
        await scenario.GroupAsync("GU1", ("G1", 1), ("G2", flat ? 1 : 2), ("G3", flat ? 1 : 3));
        return scenario;
    }

    /// <summary>Both stores × sequential (SendForApprovalToSequentialWorkflowUserGroupTest) and flat (…ToFlatWorkflowUserGroupTest).</summary>
    public static TheoryData<string, bool> ProvidersAndGroupKinds()
    {
        var rows = new TheoryData<string, bool>();
        foreach (var provider in TestDatabase.Providers)
        {
            rows.Add(provider, false);
            rows.Add(provider, true);
        }
        return rows;
    }

    /// <summary>
    /// SendForApprovalToSequentialWorkflowUserGroupTest and SendForApprovalToFlatWorkflowUserGroupTest: created and sent
    /// for a workflow user group, the three entries are there, the first sequence Open (one entry, or all three of a flat
    /// group), sent by REQ.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndGroupKinds))]
    public async Task SendForApprovalToWorkflowUserGroup(string provider, bool flat)
    {
        const string recordType = Purchase;
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfThreeAsync(server, flat);
        await EnableApprovalResponsesAsync(scenario, recordType,
            ("CREATE_APPROVAL_REQUESTS", new { approverType = "Workflow User Group", workflowUserGroupCode = "GU1" }),
            ("SEND_APPROVAL_REQUEST", null));

        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount);

        Assert.Equal(flat ? ["G1:Open:1", "G2:Open:1", "G3:Open:1"] : ["G1:Open:1", "G2:Created:2", "G3:Created:3"], Entries(await scenario.RequestAsync(request)));
        Assert.Equal([No], await scenario.InboxAsync("G1"));
    }

    /// <summary>
    /// SendForApprovalToWorkflowUserGroupWithoutUserSetup (TFS 284222): a sender without approval user setup cannot send
    /// to a workflow user group: "User ID REQ does not exist in the Approval User Setup window.", and nothing changes.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendForApprovalToWorkflowUserGroupWithoutUserSetup(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfThreeAsync(server, flat: true, senderSetup: false);
        await EnableApprovalResponsesAsync(scenario, Purchase,
            ("CREATE_APPROVAL_REQUESTS", new { approverType = "Workflow User Group", workflowUserGroupCode = "GU1" }),
            ("SEND_APPROVAL_REQUEST", null));

        var refused = await scenario.SendDocumentAsync("REQ", Purchase, "Invoice", No, InvoiceAmount);

        Assert.Equal("User ID REQ does not exist in the Approval User Setup window.", await RefusalAsync(refused, HttpStatusCode.UnprocessableEntity));
        await NothingChangedAsync(scenario, Purchase, No);
    }

    /// <summary>
    /// SendForApprovalTestWithNotification and SendSalesForApprovalTestWithNotification: created (Approver, Approver
    /// Chain) and sent, the open entry is APPR1's, sent by REQ, and APPR1 has one notification.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task SendForApprovalTestWithNotification(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await EnableApprovalResponsesAsync(scenario, recordType, CreateAndSend(recordType));

        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount, approverCode: "APPR1");

        var view = await scenario.RequestAsync(request);
        Assert.Equal(["REQ:Approved:1", "APPR1:Open:2", "APPR2:Created:3"], Entries(view));
        Assert.Equal("REQ", view.GetProperty("senderId").GetString());
        Assert.Equal(1, await NotificationCountAsync(scenario, "APPR1", No));
    }

    /// <summary>BC's CreateWorkflowStepInstanceWithSendForApprovalResponse: create (Approver, Approver Chain), then send, then <paramref name="then"/>.</summary>
    private static (string, object?)[] CreateAndSend(string recordType, params (string, object?)[] then) =>
    [
        ("CREATE_APPROVAL_REQUESTS", new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = LimitFor(recordType) }),
        ("SEND_APPROVAL_REQUEST", null),
        .. then,
    ];

    /// <summary>
    /// CancelAllApprovalRequestsTestWithNotification and CancelAllSalesApprovalRequestsTestWithNotification: created,
    /// sent, then "Cancel the approval request": all three entries Canceled, the sender's Approved one included; APPR1,
    /// whose entry was open, has two notifications (sent, canceled), APPR2, whose entry was never sent, none.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task CancelAllApprovalRequestsTestWithNotification(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await EnableApprovalResponsesAsync(scenario, recordType, CreateAndSend(recordType, ("CANCEL_APPROVAL_REQUEST", null)));

        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount, approverCode: "APPR1");

        Assert.Equal(["REQ:Canceled:1", "APPR1:Canceled:2", "APPR2:Canceled:3"], Entries(await scenario.RequestAsync(request)));
        Assert.Equal(2, await NotificationCountAsync(scenario, "APPR1", No));
        Assert.Equal(0, await NotificationCountAsync(scenario, "APPR2", No));
    }

    /// <summary>
    /// RejectAllApprovalRequestsTestWithNotification and RejectAllSalesApprovalRequestsTestWithNotification: created,
    /// sent, then "Reject the approval request": all three entries Rejected; APPR1 has the one notification of the send,
    /// APPR2 none.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task RejectAllApprovalRequestsTestWithNotification(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await EnableApprovalResponsesAsync(scenario, recordType, CreateAndSend(recordType, ("REJECT_APPROVAL_REQUEST", null)));

        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount, approverCode: "APPR1");

        Assert.Equal(["REQ:Rejected:1", "APPR1:Rejected:2", "APPR2:Rejected:3"], Entries(await scenario.RequestAsync(request)));
        Assert.Equal(1, await NotificationCountAsync(scenario, "APPR1", No));
        Assert.Equal(0, await NotificationCountAsync(scenario, "APPR2", No));
    }

    /// <summary>Both stores × purchase and sales × the response and the status it leaves the invoice in.</summary>
    public static TheoryData<string, string, string, string, string> StatusResponseRows()
    {
        var rows = new TheoryData<string, string, string, string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var recordType in new[] { Purchase, Sales })
            {
                rows.Add(provider, recordType, "RELEASE_DOCUMENT", "Open", "Released");            // ReleaseDocumentRespOn{Purchase,Sales}DocTest
                rows.Add(provider, recordType, "REOPEN_DOCUMENT", "Released", "Open");             // OpenDocumentRespOn{Purchase,Sales}DocTest
                rows.Add(provider, recordType, "SET_STATUS_PENDING_APPROVAL", "Open", "Pending Approval"); // Change{Sales,Purch}DocStatusToPendingApprovalTest
            }
        return rows;
    }

    /// <summary>
    /// ReleaseDocumentRespOn{Purchase,Sales}DocTest, OpenDocumentRespOn{Purchase,Sales}DocTest and
    /// Change{Sales,Purch}DocStatusToPendingApprovalTest (6): the response, run on an invoice no approval workflow covers,
    /// leaves it Released, Open or Pending Approval.
    /// </summary>
    [Theory]
    [MemberData(nameof(StatusResponseRows))]
    public async Task DocumentStatusResp(string provider, string recordType, string response, string before, string after)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        await EnableResponsesAsync(scenario, "RECORD_CHANGED", recordType, (response, null));

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("RECORD_CHANGED", recordType, No,
            new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = before, ["Amount"] = "100" });

        Assert.Empty(raised.GetProperty("errors").EnumerateArray());
        Assert.Equal(after, await DocumentStatusAsync(scenario, recordType, No));
    }

    /// <summary>
    /// ReleaseDocumentRespOnUnApproved{Purchase,Sales}DocThrowsErrorTest: an enabled approval workflow has made Created
    /// entries for the invoice; the release response is refused, "This document can only be released when the approval
    /// process is complete.", and the invoice is not released.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task ReleaseDocumentRespOnUnApprovedDocThrowsErrorTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await EnableApprovalResponsesAsync(scenario, recordType,
            ("CREATE_APPROVAL_REQUESTS", new { approverType = "Approver", approverLimitType = "Direct Approver" }));
        await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount);
        await scenario.Admin.CreateAndEnableAsync("WF-RELEASE", [Event(1, "RECORD_CHANGED"), Response(2, "DO_NOTHING", 1), Response(3, "RELEASE_DOCUMENT", 2)], recordType);

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("RECORD_CHANGED", recordType, No, new Dictionary<string, string> { ["Amount"] = "5001" });

        Assert.Contains("This document can only be released when the approval process is complete", Assert.Single(raised.GetProperty("errors").EnumerateArray()).GetString());
        Assert.NotEqual("Released", await DocumentStatusAsync(scenario, recordType, No));
    }

    /// <summary>ShowMessageTest: the show-message response runs and its step instance completes (goes to the archive as Completed).</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ShowMessageTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        await EnableResponsesAsync(scenario, "RECORD_CHANGED", "GEN_JOURNAL_BATCH", ("SHOW_MESSAGE", new { message = "This is just a test message." }));

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("RECORD_CHANGED", "GEN_JOURNAL_BATCH", "GENERAL/B1",
            new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "B1" });

        Assert.Empty(raised.GetProperty("errors").EnumerateArray());
        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(scenario.Admin, "WF-RESP", 3, "SHOW_MESSAGE");
    }
}
