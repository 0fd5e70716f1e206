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

    /// <summary>
    /// ReleaseDocumentRespOnApprovalEntryTo{Purch,Sales}DocTest: run on the approval entry (after "approved"), the release
    /// response finds the entry's document and releases it.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task ReleaseDocumentRespOnApprovalEntryToDocTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await scenario.Admin.CreateAndEnableAsync("WF-RESP",
        [
            Event(1, $"{recordType}_APPROVAL_REQUESTED"),
            // Pending Approval, as an approval workflow leaves a document: an Open one that an enabled approval workflow
            // covers is not released (BC's CheckPurchaseApprovalPossible); BC's procedure has no workflow enabled.
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(12, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Direct Approver" }),
            Response(3, "SEND_APPROVAL_REQUEST", 12),
            Event(4, "APPROVAL_REQUEST_APPROVED", 3),
            Response(5, "DO_NOTHING", 4),
            Response(6, "RELEASE_DOCUMENT", 5),
        ]);
        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount);

        await scenario.ActOkAsync("APPR1", request, "approve");

        Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, No));
    }

    /// <summary>
    /// OpenDocumentRespOnApprovalEntryTo{Purch,Sales}DocTest: run on its approval entry (after "rejected"), the reopen
    /// response finds the entry's document and reopens it. BC's invoice is Released; here it is Pending Approval, as the
    /// approval workflow left it (sending a Released document an approval workflow covers is refused).
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task OpenDocumentRespOnApprovalEntryToDocTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await scenario.Admin.CreateAndEnableAsync("WF-RESP",
        [
            Event(1, $"{recordType}_APPROVAL_REQUESTED"),
            // Pending Approval, as an approval workflow leaves a document: an Open one that an enabled approval workflow
            // covers is not released (BC's CheckPurchaseApprovalPossible); BC's procedure has no workflow enabled.
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(12, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Direct Approver" }),
            Response(3, "SEND_APPROVAL_REQUEST", 12),
            Event(4, "APPROVAL_REQUEST_REJECTED", 3),
            Response(5, "DO_NOTHING", 4),
            Response(6, "REOPEN_DOCUMENT", 5),
        ]);
        var request = await scenario.SendDocumentOkAsync("REQ", recordType, "Invoice", No, InvoiceAmount);
        Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, No));

        await scenario.ActOkAsync("APPR1", request, "reject");

        Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, No));
    }

    /// <summary>
    /// ReleaseDocumentRespOnUnsupportedRecordTypeTest, OpenDocumentRespOnUnsupportedRecordTypeTest,
    /// PostDocumentRespOnUnsupportedRecordTypeTest and PostDocumentAsyncRespOnUnsupportedRecordTypeTest: run on an item,
    /// the release, reopen, post and background post responses fail, the item is left as it was and nothing is posted or
    /// queued. BC's message is "Record type Item is not supported by this workflow response."; the engine's names the
    /// Status field the item lacks, or the item as a record that does not post.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndUnsupportedResponses))]
    public async Task DocumentRespOnUnsupportedRecordTypeTest(string provider, string response)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        await EnableResponsesAsync(scenario, "RECORD_CHANGED", Item, (response, null));

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("RECORD_CHANGED", Item, "I-1", new Dictionary<string, string> { ["Description"] = "Bicycle" });

        Assert.Single(raised.GetProperty("errors").EnumerateArray());
        var item = await scenario.Admin.RecordAsync(Item, "I-1");
        Assert.False(item.GetProperty("fields").TryGetProperty("Status", out _), item.GetRawText());
        Assert.Empty(await new Posting.PostingApi(scenario.Admin.Client).ListAsync("posted-documents"));
        Assert.Empty(await new Posting.PostingApi(scenario.Admin.Client).ListAsync("jobs"));
    }

    /// <summary>A released invoice of <paramref name="recordType"/>, as the ERP's release event carries it.</summary>
    private static Dictionary<string, string> ReleasedInvoice(string recordType) => recordType == Sales
        ? new() { ["Document Type"] = "Invoice", ["Status"] = "Released", ["Sell-to Customer No."] = "C10000", ["Bill-to Customer No."] = "C10000", ["Amount"] = "100", ["Amount Including VAT"] = "125" }
        : new(Posting.PostingApi.VendorInvoice) { ["Status"] = "Released" };

    /// <summary>
    /// PostDocumentRespOnPurchaseDocTest and PostDocumentRespOnSalesDocTest: "Post the document" on a released invoice
    /// posts it: a posted invoice made from it exists, and the open document is gone.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task PostDocumentRespOnDocTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        await EnableResponsesAsync(scenario, $"{recordType}_RELEASED", null, ("POST_DOCUMENT", null));

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync($"{recordType}_RELEASED", recordType, "INV-1", ReleasedInvoice(recordType));

        Assert.Empty(raised.GetProperty("errors").EnumerateArray());
        var posted = Assert.Single(await new Posting.PostingApi(scenario.Admin.Client).ListAsync("posted-documents"));
        Assert.Equal("INV-1", posted.GetProperty("sourceRecordId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync($"/api/v1/records/{recordType}/INV-1")).StatusCode);
    }

    /// <summary>
    /// PostDocumentAsyncRespOnPurchaseDocTest and PostDocumentAsyncRespOnSalesDocTest: "Post the document in the
    /// background" on a released invoice queues one job for it (BC: a job queue entry whose record to process is the
    /// document) and posts nothing yet; when the queue runs, the invoice is posted and the job Finished.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task PostDocumentAsyncRespOnDocTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        var posting = new Posting.PostingApi(scenario.Admin.Client);
        await EnableResponsesAsync(scenario, $"{recordType}_RELEASED", null, ("BACKGROUND_POST_DOCUMENT", null));

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync($"{recordType}_RELEASED", recordType, "INV-1", ReleasedInvoice(recordType));

        Assert.Empty(raised.GetProperty("errors").EnumerateArray());
        var job = Assert.Single(await posting.ListAsync("jobs"));
        Assert.Equal((recordType, "INV-1", "Ready"), (job.GetProperty("recordType").GetString(), job.GetProperty("recordId").GetString(), job.GetProperty("status").GetString()));
        Assert.Empty(await posting.ListAsync("posted-documents"));

        await server.RunDueWorkAsync();

        Assert.Equal("INV-1", Assert.Single(await posting.ListAsync("posted-documents")).GetProperty("sourceRecordId").GetString());
        Assert.Equal("Finished", Assert.Single(await posting.ListAsync("jobs")).GetProperty("status").GetString());
    }

    public static TheoryData<string, string> ProvidersAndUnsupportedResponses()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var response in new[] { "RELEASE_DOCUMENT", "REOPEN_DOCUMENT", "POST_DOCUMENT", "BACKGROUND_POST_DOCUMENT" })
                rows.Add(provider, response);
        return rows;
    }

    /// <summary>
    /// RestrictCustomerUsageForDocsRespTest and AllowCustomerUsageForDocsRespTest: "Add record restriction" on a customer
    /// leaves one restriction, and a released sales invoice for the customer is not posted: "You cannot use Customer: C1
    /// for this action."; after "Remove record restriction" the customer has none and the invoice posts.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RestrictAndAllowCustomerUsageForDocsRespTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        var api = new WorkflowApi(scenario.As("REQ"));
        var posting = new Posting.PostingApi(scenario.Admin.Client);
        await scenario.Admin.CreateAndEnableAsync("WF-RESTRICT", [Event(1, "CUSTOMER_CREATED"), Response(2, "DO_NOTHING", 1), Response(3, "RESTRICT_RECORD_USAGE", 2)]);
        await api.RaiseOkAsync("CUSTOMER_CREATED", Customer, "C1", new Dictionary<string, string> { ["Name"] = "Adatum" });
        await posting.ReleasedAsync(Sales, "SI-1", new Dictionary<string, string>
        {
            ["Document Type"] = "Invoice", ["Sell-to Customer No."] = "C1", ["Bill-to Customer No."] = "C1", ["Amount"] = "100", ["Amount Including VAT"] = "125",
        });

        Assert.Single(await RestrictionsAsync(scenario, Customer, "C1"));
        Assert.StartsWith("You cannot use Customer: C1 for this action.", await RefusalAsync(await posting.PostAsync(Sales, "SI-1"), HttpStatusCode.Conflict));

        await scenario.Admin.CreateAndEnableAsync("WF-ALLOW", [Event(1, "RECORD_CHANGED"), Response(2, "DO_NOTHING", 1), Response(3, "ALLOW_RECORD_USAGE", 2)], Customer);
        var allowed = await api.RaiseOkAsync("RECORD_CHANGED", Customer, "C1", new Dictionary<string, string> { ["Name"] = "Adatum" });

        Assert.Empty(allowed.GetProperty("errors").EnumerateArray());
        Assert.Empty(await RestrictionsAsync(scenario, Customer, "C1"));
        Assert.Single((await posting.PostOkAsync(Sales, "SI-1")).GetProperty("postedDocuments").EnumerateArray());
    }

    /// <summary>
    /// RestrictCustomerUsageForJournalsRespTest and AllowCustomerUsageForJournalsRespTest: "Add record restriction" on a
    /// customer, and a payment journal line to the customer is not posted: "You cannot use Customer: C1 for this
    /// action.", the batch and its line stay; after "Remove record restriction" the batch posts to the customer's ledger.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RestrictAndAllowCustomerUsageForJournalsRespTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        var api = new WorkflowApi(scenario.As("REQ"));
        var posting = new Posting.PostingApi(scenario.Admin.Client);
        await scenario.Admin.CreateAndEnableAsync("WF-RESTRICT", [Event(1, "CUSTOMER_CREATED"), Response(2, "DO_NOTHING", 1), Response(3, "RESTRICT_RECORD_USAGE", 2)]);
        await api.RaiseOkAsync("CUSTOMER_CREATED", Customer, "C1", new Dictionary<string, string> { ["Name"] = "Adatum" });
        await api.RaiseOkAsync("RECORD_CREATED", "GEN_JOURNAL_BATCH", "PAYMENT/B1", new Dictionary<string, string> { ["Journal Template Name"] = "PAYMENT", ["Name"] = "B1" });
        await api.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", "PAYMENT/B1/10000", new Dictionary<string, string>
        {
            ["Journal Template Name"] = "PAYMENT", ["Journal Batch Name"] = "B1", ["Line No."] = "10000", ["Document Type"] = "Payment",
            ["Account Type"] = "Customer", ["Account No."] = "C1", ["Bal. Account Type"] = "Bank Account", ["Bal. Account No."] = "WWB-OPERATING", ["Amount"] = "-100",
        });

        Assert.Single(await RestrictionsAsync(scenario, Customer, "C1"));
        Assert.StartsWith("You cannot use Customer: C1 for this action.", await RefusalAsync(await posting.PostAsync("GEN_JOURNAL_BATCH", "PAYMENT/B1"), HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.Client.GetAsync("/api/v1/records/GEN_JOURNAL_LINE/PAYMENT/B1/10000")).StatusCode);

        await scenario.Admin.CreateAndEnableAsync("WF-ALLOW", [Event(1, "RECORD_CHANGED"), Response(2, "DO_NOTHING", 1), Response(3, "ALLOW_RECORD_USAGE", 2)], Customer);
        await api.RaiseOkAsync("RECORD_CHANGED", Customer, "C1", new Dictionary<string, string> { ["Name"] = "Adatum" });

        Assert.Empty(await RestrictionsAsync(scenario, Customer, "C1"));
        await posting.PostOkAsync("GEN_JOURNAL_BATCH", "PAYMENT/B1");
        Assert.Equal(-100m, Posting.PostingApi.Amount(Assert.Single(await posting.LedgerAsync("customer", "accountNo=C1"))));
    }

    /// <summary>
    /// RestrictGenJnlLineUsageRespTest and AllowGenJnlLineUsageRespTest: "Add record restriction" on a payment journal
    /// line (a customer line of -100 with no balancing account) leaves one restriction and its batch is not posted,
    /// the refusal naming the line; after "Remove record restriction" the line has none, and posting fails for the
    /// reason BC's does, the batch is out of balance. The refusal is BC's "You cannot use Gen. Journal Line: … for this
    /// action.", with the engine's record key.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RestrictAndAllowGenJnlLineUsageRespTest(string provider)
    {
        const string line = "GEN_JOURNAL_LINE", lineId = "PAYMENT/B1/10000";
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ");
        var api = new WorkflowApi(scenario.As("REQ"));
        var posting = new Posting.PostingApi(scenario.Admin.Client);
        await scenario.Admin.CreateAndEnableAsync("WF-RESTRICT",
            [Event(1, "RECORD_CHANGED", conditions: new Dictionary<string, string> { ["Description"] = "restrict" }), Response(2, "DO_NOTHING", 1), Response(3, "RESTRICT_RECORD_USAGE", 2)], line);
        // The restricted line cannot change, so the second response follows an event that changes nothing.
        await scenario.Admin.CreateAndEnableAsync("WF-ALLOW",
            [Event(1, "GEN_JOURNAL_LINE_APPROVAL_CANCELED"), Response(2, "DO_NOTHING", 1), Response(3, "ALLOW_RECORD_USAGE", 2)]);
        await api.RaiseOkAsync("RECORD_CREATED", "GEN_JOURNAL_BATCH", "PAYMENT/B1", new Dictionary<string, string> { ["Journal Template Name"] = "PAYMENT", ["Name"] = "B1" });
        await api.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", line, lineId, new Dictionary<string, string>
        {
            ["Journal Template Name"] = "PAYMENT", ["Journal Batch Name"] = "B1", ["Line No."] = "10000", ["Document Type"] = "Payment",
            ["Account Type"] = "Customer", ["Account No."] = "C1", ["Amount"] = "-100", ["Description"] = "new",
        });

        await api.RaiseOkAsync("RECORD_CHANGED", line, lineId, new Dictionary<string, string> { ["Description"] = "restrict" });

        Assert.Single(await RestrictionsAsync(scenario, line, lineId));
        var restricted = await RefusalAsync(await posting.PostAsync("GEN_JOURNAL_BATCH", "PAYMENT/B1"), HttpStatusCode.Conflict);
        Assert.StartsWith($"You cannot use {line} {lineId} for this action", restricted, StringComparison.Ordinal);

        await scenario.Admin.RaiseOkAsync("GEN_JOURNAL_LINE_APPROVAL_CANCELED", line, lineId);

        Assert.Empty(await RestrictionsAsync(scenario, line, lineId));
        Assert.Contains("out of balance", await RefusalAsync(await posting.PostAsync("GEN_JOURNAL_BATCH", "PAYMENT/B1"), HttpStatusCode.UnprocessableEntity));
    }

    private const string CreditLimit = "Credit Limit (LCY)";

    /// <summary>
    /// The customer change approval of BC's pattern P3 as the response library's procedures use it: revert the change of
    /// <paramref name="field"/>, send it to APPR1, apply when approved, discard when rejected; customer C1 starts with
    /// <paramref name="initial"/>.
    /// </summary>
    private static async Task<ApprovalScenario> FieldChangeAsync(WorkflowServerFactory server, string field, string initial)
    {
        var scenario = await ChainAsync(server);
        await scenario.Admin.CreateAndEnableAsync("WF-CHANGE",
        [
            Event(1, "CUSTOMER_CHANGED", changeConditions: new[] { new { field, @operator = "Changed" } }),
            Response(2, "REVERT_FIELD_VALUE", 1, new { field }),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Direct Approver" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4),
            Response(6, "APPLY_NEW_VALUES", 5),
            Event(7, "APPROVAL_REQUEST_REJECTED", 4, sequenceNo: 2),
            Response(8, "DISCARD_NEW_VALUES", 7),
        ]);
        await scenario.Admin.RaiseOkAsync("CUSTOMER_CREATED", Customer, "C1", new Dictionary<string, string> { ["Name"] = "Adatum", [field] = initial });
        return scenario;
    }

    private static Task<ApprovalScenario> CreditLimitChangeAsync(WorkflowServerFactory server) => FieldChangeAsync(server, CreditLimit, "100");

    private static async Task<string> ChangeFieldAsync(ApprovalScenario scenario, string field, string value) =>
        Assert.Single((await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("CUSTOMER_CHANGED", Customer, "C1",
            new Dictionary<string, string> { [field] = value })).GetProperty("startedInstances").EnumerateArray()).GetProperty("instanceId").GetString()!;

    private static Task<string> ChangeCreditLimitAsync(ApprovalScenario scenario, string value) => ChangeFieldAsync(scenario, CreditLimit, value);

    /// <summary>
    /// RevertFieldValueCreatesChangeRecordTest: the credit limit raised from 100 to 200 is put back to 100, and the change
    /// is held (BC's record change: field, old value 100, new value 200).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RevertFieldValueCreatesChangeRecordTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await CreditLimitChangeAsync(server);

        var change = await ChangeCreditLimitAsync(scenario, "200");

        Assert.Equal("100", await scenario.Admin.FieldAsync(Customer, "C1", CreditLimit));
        var held = Assert.Single((await scenario.Admin.InstanceAsync(change)).GetProperty("heldChanges").EnumerateArray());
        Assert.Equal((CreditLimit, "100", "200"), (held.GetProperty("field").GetString(), held.GetProperty("oldValue").GetString(), held.GetProperty("newValue").GetString()));
    }

    /// <summary>
    /// RevertFieldValueDoesNothingForIdenticalRecordsTest: a change event whose credit limit is the one the customer has
    /// reverts nothing and holds nothing (the change condition does not even start the workflow).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RevertFieldValueDoesNothingForIdenticalRecordsTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await CreditLimitChangeAsync(server);

        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("CUSTOMER_CHANGED", Customer, "C1", new Dictionary<string, string> { [CreditLimit] = "100" });

        Assert.Empty(raised.GetProperty("startedInstances").EnumerateArray());
        Assert.Empty(await scenario.RecordEntriesAsync(Customer, "C1"));
        Assert.Equal("100", await scenario.Admin.FieldAsync(Customer, "C1", CreditLimit));
    }

    /// <summary>
    /// RevertFieldValueFailsForWrongFieldNoTest: BC fails when the response runs ("The supplied field number '-1' cannot
    /// be found in the 'Customer' table."); the engine refuses the workflow when it is saved, a 400 naming the option.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RevertFieldValueFailsForWrongFieldNoTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());

        var created = await admin.CreateAsync("WF-WRONG",
        [
            Event(1, "CUSTOMER_CHANGED"),
            Response(2, "REVERT_FIELD_VALUE", 1, new { field = "-1" }),
        ]);
        var problem = await Api.ProblemAssert.IsProblemAsync(created.IsSuccessStatusCode ? await server.AdminClient().PostAsync("/api/v1/workflows/WF-WRONG/enable", null) : created,
            HttpStatusCode.BadRequest);

        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("steps[1].options", StringComparison.Ordinal) && e.Value[0].GetString()!.Contains("-1"));
    }

    /// <summary>
    /// ApplyNewValuesTest (the credit limit, a decimal: 100 → 200) and ApplyNewValuesOptionTest (Blocked, an option:
    /// Invoice → Ship): the held change is applied when the approval request is approved.
    /// </summary>
    [Theory]
    [InlineData("sqlite", CreditLimit, "100", "200")]
    [InlineData("sqlite", "Blocked", "Invoice", "Ship")]
    [InlineData("postgres", CreditLimit, "100", "200")]
    [InlineData("postgres", "Blocked", "Invoice", "Ship")]
    public async Task ApplyNewValuesTest(string provider, string field, string before, string after)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await FieldChangeAsync(server, field, before);
        var change = await ChangeFieldAsync(scenario, field, after);
        Assert.Equal(before, await scenario.Admin.FieldAsync(Customer, "C1", field));

        await scenario.ActOkAsync("APPR1", change, "approve");

        Assert.Equal(after, await scenario.Admin.FieldAsync(Customer, "C1", field));
    }

    /// <summary>
    /// DiscardNewValuesApprovalEntryTest: run from the approval entry (after "rejected"), the held change is discarded:
    /// no active record change remains and the customer keeps its credit limit.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DiscardNewValuesApprovalEntryTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await CreditLimitChangeAsync(server);
        var change = await ChangeCreditLimitAsync(scenario, "200");

        await scenario.ActOkAsync("APPR1", change, "reject");

        Assert.Equal("100", await scenario.Admin.FieldAsync(Customer, "C1", CreditLimit));
        Assert.DoesNotContain((await scenario.Admin.InstanceAsync(change)).GetProperty("heldChanges").EnumerateArray(), h => h.GetProperty("active").GetBoolean());
    }

    /// <summary>
    /// ApplyNewValuesShowMessageIfThereIsNothignToApplyTest: "Apply the new values" of one field (Name) when the change
    /// held is another's (the credit limit) applies nothing and says so in BC's words ("No record changes exist to apply
    /// the saved values to using the current options."), here in the instance's history; the credit limit stays reverted.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApplyNewValuesShowMessageIfThereIsNothignToApplyTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ChainAsync(server);
        await scenario.Admin.CreateAndEnableAsync("WF-APPLY",
        [
            Event(1, "CUSTOMER_CHANGED", changeConditions: new[] { new { field = CreditLimit, @operator = "Changed" } }),
            Response(2, "REVERT_FIELD_VALUE", 1, new { field = CreditLimit }),
            Response(3, "APPLY_NEW_VALUES", 2, new { applyAllNewValues = "false", field = "Name" }),
        ]);
        await scenario.Admin.RaiseOkAsync("CUSTOMER_CREATED", Customer, "C1", new Dictionary<string, string> { ["Name"] = "Adatum", [CreditLimit] = "100" });

        var instance = await ChangeCreditLimitAsync(scenario, "200");

        Assert.Contains((await scenario.Admin.InstanceAsync(instance)).GetProperty("history").EnumerateArray(),
            h => h.GetProperty("text").GetString() == "No record changes exist to apply the saved values to using the current options.");
        Assert.Equal("100", await scenario.Admin.FieldAsync(Customer, "C1", CreditLimit));
    }
}
