using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134309 "Workflow Trigger/Event Tests" (its first procedures): a workflow of one event
/// step runs when its event is raised for a document, and not when it is disabled or its condition (Status = Open)
/// does not hold; the "approval request canceled" event triggers a workflow waiting for it, and a cancel for a document
/// nothing waits on starts nothing.
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
}
