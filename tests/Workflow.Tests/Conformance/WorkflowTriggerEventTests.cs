using System.Net;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134309 "Workflow Trigger/Event Tests": a workflow of one event step runs when its event
/// is raised (a document sent, canceled or released, a payment journal line created, an approval request approved,
/// rejected or delegated, a customer, vendor or item sent, canceled or changed, a journal batch found balanced or not),
/// and not when it is disabled or its condition does not hold; approving or rejecting a request that does not exist
/// is refused.
/// </summary>
public sealed class WorkflowTriggerEventTests
{
    private static Dictionary<string, string> Invoice(string status) => new() { ["Document Type"] = "Invoice", ["Status"] = status };

    /// <summary>
    /// Send{Purchase,Sales}…ForApprovalTriggers…Event, …WithNoWorkflowExitsSilently and …WithReleasedStatusExitsSilently
    /// (6): the one-step workflow on "approval of a document is requested" runs and completes for an Open invoice; for
    /// a Released one its Status = Open condition fails and nothing starts; disabled, it starts nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task SendDocumentForApprovalTriggersEvent(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var requested = $"{recordType}_APPROVAL_REQUESTED";
        await admin.CreateAndEnableAsync("ONE-EVENT", [Event(1, requested, conditions: new Dictionary<string, string> { ["Status"] = "Open" })]);

        var triggered = await admin.RaiseOkAsync(requested, recordType, "D-1", Invoice("Open"));
        var released = await admin.RaiseOkAsync(requested, recordType, "D-2", Invoice("Released"));

        Assert.Equal("Completed", Assert.Single(triggered.GetProperty("startedInstances").EnumerateArray()).GetProperty("status").GetString());
        Assert.Empty(released.GetProperty("startedInstances").EnumerateArray());

        var disabled = await admin.Client.PostAsync("/api/v1/workflows/ONE-EVENT/disable", null);
        Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());
        Assert.Empty((await admin.RaiseOkAsync(requested, recordType, "D-3", Invoice("Open"))).GetProperty("startedInstances").EnumerateArray());
    }

    /// <summary>
    /// CancellingApprovalRequestTriggersOnApprovalRequestCancelledEvent{PurchDoc,SalesDoc} and
    /// CancellingApprovalRequestOn{Released,Open}PurchInvExistsSilently (4): a one-step workflow on "an approval request
    /// for a document is canceled" runs for a document Pending Approval; with only the send workflow enabled, canceling
    /// an Open or Released invoice starts nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task CancellingApprovalRequestTriggersEvent(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var canceled = $"{recordType}_APPROVAL_CANCELED";
        await admin.CreateAndEnableAsync("ON-SEND", [Event(1, $"{recordType}_APPROVAL_REQUESTED")]);

        foreach (var status in new[] { "Released", "Open" })
            Assert.Empty((await admin.RaiseOkAsync(canceled, recordType, $"D-{status}", Invoice(status))).GetProperty("startedInstances").EnumerateArray());

        await admin.CreateAndEnableAsync("ON-CANCEL", [Event(1, canceled)]);
        var triggered = await admin.RaiseOkAsync(canceled, recordType, "D-1", Invoice("Pending Approval"));

        var started = Assert.Single(triggered.GetProperty("startedInstances").EnumerateArray());
        Assert.Equal("ON-CANCEL", started.GetProperty("workflowCode").GetString());
        Assert.Equal("Completed", started.GetProperty("status").GetString());
    }

    /// <summary>
    /// Business Central's CreateAndEnableOneEventStepWorkflow: a workflow whose only step is the entry-point event, with
    /// <paramref name="conditions"/> on it if given.
    /// </summary>
    private static Task CreateAndEnableOneEventStepWorkflowAsync(WorkflowApi admin, string code, string eventCode, object? conditions = null) =>
        admin.CreateAndEnableAsync(code, [Event(1, eventCode, conditions: conditions)]);

    /// <summary>
    /// OnPurchaseDocumentReleasedTest and OnSalesDocumentReleasedTest: the one-step workflow on "a document is released"
    /// runs and its step is archived Completed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task OnDocumentReleasedTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var released = $"{recordType}_RELEASED";
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-RELEASE", released);

        await admin.RaiseOkAsync(released, recordType, "D-1", Invoice("Released"));

        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(admin, "ON-RELEASE", 1, released);
    }

    /// <summary>
    /// OnPaymentJournalLineCreatedTest: the one-step workflow on "a general journal line is created" with the condition
    /// Document Type = Payment runs for a payment line.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OnPaymentJournalLineCreatedTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-PMT-LINE", "GEN_JOURNAL_LINE_CREATED", new Dictionary<string, string> { ["Document Type"] = "Payment" });

        await admin.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", "PAYMENT/DEFAULT/10000", JournalLine("Payment"));

        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(admin, "ON-PMT-LINE", 1, "GEN_JOURNAL_LINE_CREATED");
    }

    /// <summary>The fields of a general journal line of the PAYMENT/DEFAULT batch, line 10000.</summary>
    internal static Dictionary<string, string> JournalLine(string documentType) => new()
    {
        ["Journal Template Name"] = "PAYMENT", ["Journal Batch Name"] = "DEFAULT", ["Line No."] = "10000", ["Document Type"] = documentType,
        ["Account Type"] = "Vendor", ["Account No."] = "V-1", ["Amount"] = "100",
    };

    /// <summary>
    /// ApprovingApprovalRequestTriggersOnApprovalRequestApprovedEvent, RejectingApprovalRequestTriggersOnApprovalRequestRejectedEvent
    /// and DelegatingApprovalRequestTriggersOnApprovalRequestDelegatedEvent: the approver's answer to an open entry raises
    /// the event the workflow waits for, and the step of that event is archived Completed. BC inserts the open entry
    /// by hand; here the workflow's own create and send responses make it.
    /// </summary>
    [Theory]
    [InlineData("sqlite", "approve", "APPROVAL_REQUEST_APPROVED")]
    [InlineData("sqlite", "reject", "APPROVAL_REQUEST_REJECTED")]
    [InlineData("sqlite", "delegate", "APPROVAL_REQUEST_DELEGATED")]
    [InlineData("postgres", "approve", "APPROVAL_REQUEST_APPROVED")]
    [InlineData("postgres", "reject", "APPROVAL_REQUEST_REJECTED")]
    [InlineData("postgres", "delegate", "APPROVAL_REQUEST_DELEGATED")]
    public async Task AnsweringApprovalRequestTriggersEvent(string provider, string action, string eventCode)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        await scenario.SetupAsync("SUB");
        await scenario.SetupAsync("APPR", substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.Admin.CreateAndEnableAsync("ON-ANSWER",
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"),
            Response(2, "CREATE_APPROVAL_REQUESTS", 1, new { approverType = "Approver", approverLimitType = "Direct Approver" }),
            Response(3, "SEND_APPROVAL_REQUEST", 2),
            Event(4, eventCode, 3),
        ]);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 100m);

        await scenario.ActOkAsync("APPR", request, action);

        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(scenario.Admin, "ON-ANSWER", 4, eventCode);
    }

    /// <summary>
    /// ApprovingWithoutApprovalRequestThrowsErr and RejectingWithoutApprovalRequestThrowsErr: with a workflow waiting on
    /// "approved" or "rejected", answering a request that does not exist is refused (404; BC: "There is no approval
    /// request to approve.") and the workflow does not run.
    /// </summary>
    [Theory]
    [InlineData("sqlite", "approve", "APPROVAL_REQUEST_APPROVED")]
    [InlineData("sqlite", "reject", "APPROVAL_REQUEST_REJECTED")]
    [InlineData("postgres", "approve", "APPROVAL_REQUEST_APPROVED")]
    [InlineData("postgres", "reject", "APPROVAL_REQUEST_REJECTED")]
    public async Task AnsweringWithoutApprovalRequestThrowsErr(string provider, string action, string eventCode)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "APPR");
        await CreateAndEnableOneEventStepWorkflowAsync(scenario.Admin, "ON-ANSWER", eventCode);

        var refused = await scenario.ActAsync("APPR", Guid.NewGuid().ToString("N"), action);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.NotFound);
        Assert.Empty((await scenario.Admin.InstancesAsync("?workflowCode=ON-ANSWER")).EnumerateArray());
        await VerifyNothingArchivedAsync(scenario.Admin, "ON-ANSWER");
    }

    /// <summary>
    /// OnSend{Customer,Vendor,Item}ForApproval{Card,List}Test and OnCancel{Customer,Vendor,Item}ApprovalRequestCardTest (9):
    /// the one-step workflows on "approval of a customer (vendor, item) is requested" and on "an approval request for it
    /// is canceled" run; the card and the list send the same event. BC's cancel finds an open entry it inserted by hand;
    /// here the cancel follows a real request, from a second workflow.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndMasterData), MemberType = typeof(Conformance))]
    public async Task OnSendAndCancelRecordForApprovalTest(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var requested = $"{recordType}_APPROVAL_REQUESTED";
        var canceled = $"{recordType}_APPROVAL_CANCELED";
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-SEND", requested);
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-CANCEL", canceled);

        await admin.RaiseOkAsync(requested, recordType, "R-1", new Dictionary<string, string> { ["No."] = "R-1" });
        await admin.RaiseOkAsync(canceled, recordType, "R-1");

        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(admin, "ON-SEND", 1, requested);
        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(admin, "ON-CANCEL", 1, canceled);
    }

    /// <summary>
    /// RunWorkflowOn{Customer,Vendor,Item}RecordChangedTest: the one-step workflow on "a customer (vendor, item) record is
    /// changed" runs when a field of the record changes (BC changes the credit limit, the phone number, the unit price; vendors here have no phone number, so the name).
    /// </summary>
    [Theory]
    [InlineData("sqlite", "CUSTOMER", "Credit Limit (LCY)")]
    [InlineData("sqlite", "VENDOR", "Name")]
    [InlineData("sqlite", "ITEM", "Unit Price")]
    [InlineData("postgres", "CUSTOMER", "Credit Limit (LCY)")]
    [InlineData("postgres", "VENDOR", "Name")]
    [InlineData("postgres", "ITEM", "Unit Price")]
    public async Task RunWorkflowOnRecordChangedTest(string provider, string recordType, string field)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var changed = $"{recordType}_CHANGED";
        await admin.RaiseOkAsync($"{recordType}_CREATED", recordType, "R-1", new Dictionary<string, string> { ["No."] = "R-1", [field] = "10" });
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-CHANGE", changed);

        await admin.RaiseOkAsync(changed, recordType, "R-1", new Dictionary<string, string> { [field] = "42" });

        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(admin, "ON-CHANGE", 1, changed);
    }

    /// <summary>
    /// RunWorkflowOnGeneralJournalBatchBalancedTest and RunWorkflowOnGeneralJournalBatchNotBalancedTest: the one-step
    /// workflows on "a general journal batch is balanced" and "… is not balanced" run when the event is raised for a batch.
    /// </summary>
    [Theory]
    [InlineData("sqlite", "GEN_JOURNAL_BATCH_BALANCED")]
    [InlineData("sqlite", "GEN_JOURNAL_BATCH_NOT_BALANCED")]
    [InlineData("postgres", "GEN_JOURNAL_BATCH_BALANCED")]
    [InlineData("postgres", "GEN_JOURNAL_BATCH_NOT_BALANCED")]
    public async Task RunWorkflowOnGeneralJournalBatchBalanceTest(string provider, string eventCode)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-BALANCE", eventCode);

        await admin.RaiseOkAsync(eventCode, "GEN_JOURNAL_BATCH", "GENERAL/DEFAULT", new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "DEFAULT" });

        await VerifyArchivedWorkflowStepInstanceIsCompletedAsync(admin, "ON-BALANCE", 1, eventCode);
    }

    /// <summary>
    /// SendChanged{Item,Customer,Vendor}ForApprovalWith…ChangeWorkflow and …With…ChangeAnd…ApprovalWorkflow (6): with only
    /// the change workflow enabled, sending the record for approval finds no approval workflow (BC's
    /// Check…ApprovalsWorkflowEnabled is false): nothing starts and nothing is restricted; with the approval workflow
    /// enabled too, sending starts it, and only it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndMasterData), MemberType = typeof(Conformance))]
    public async Task SendChangedRecordForApprovalWithChangeWorkflow(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var requested = $"{recordType}_APPROVAL_REQUESTED";
        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-CHANGE", $"{recordType}_CHANGED");

        var alone = await admin.RaiseOkAsync(requested, recordType, "R-1", new Dictionary<string, string> { ["No."] = "R-1" });

        Assert.Empty(alone.GetProperty("startedInstances").EnumerateArray());
        Assert.Empty((await admin.RecordAsync(recordType, "R-1")).GetProperty("restrictions").EnumerateArray());

        await CreateAndEnableOneEventStepWorkflowAsync(admin, "ON-SEND", requested);
        var both = await admin.RaiseOkAsync(requested, recordType, "R-1", new Dictionary<string, string> { ["No."] = "R-1" });

        Assert.Equal("ON-SEND", Assert.Single(both.GetProperty("startedInstances").EnumerateArray()).GetProperty("workflowCode").GetString());
        await VerifyNothingArchivedAsync(admin, "ON-CHANGE");
    }
}
