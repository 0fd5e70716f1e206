using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134303 "Workflow Event Response Tests": a response that no plugin registers keeps its
/// workflow from being enabled, an event runs every response that follows it, and posting in the background (queued,
/// refused for an unreleased document, unaffected by disabled workflows).
/// </summary>
public sealed class WorkflowEventResponseTests
{
    /// <summary>
    /// TestWorkflowThatDoesNothingUsingNonExistingResponse and TestWorkflowWithMultipleResponses: a workflow with a step
    /// naming a response nobody registers is not enabled, the refusal naming the step; a released invoice runs both
    /// responses of its workflow (do nothing, then a notification entry for the user), and the user has the entry.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowWithMultipleResponses(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "CLERK");
        var admin = scenario.Admin;

        // The engine keeps a step whose plugin is not loaded (it may be installed later), and refuses to enable it.
        Assert.True((await admin.CreateAsync("WF-NONE", [Event(1, "PURCHASE_DOCUMENT_RELEASED"), Response(2, "NONEXISTING", 1)])).IsSuccessStatusCode);
        var nonexisting = await admin.EnableRefusedAsync("WF-NONE");
        Assert.True(nonexisting.GetProperty("errors").TryGetProperty("steps[1].functionCode", out _), nonexisting.GetRawText());

        await admin.CreateAndEnableAsync("WF-MULTI",
        [
            Event(1, "PURCHASE_DOCUMENT_RELEASED"),
            Response(2, "DO_NOTHING", 1),
            Response(3, "CREATE_NOTIFICATION_ENTRY", 2, new { recipientUserId = "CLERK", message = "The invoice is released." }),
        ]);

        var released = await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-1", new Dictionary<string, string> { ["Document Type"] = "Invoice" });

        var instance = await admin.InstanceAsync(Assert.Single(released.GetProperty("startedInstances").EnumerateArray()).GetProperty("instanceId").GetString()!);
        Assert.Equal("Completed", StepStatus(instance, 2));
        Assert.Equal("Completed", StepStatus(instance, 3));
        var notifications = await scenario.As("CLERK").GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Single(notifications.EnumerateArray(), n => n.GetProperty("recordId").GetString() == "PI-1");
    }

    /// <summary>
    /// TestAutomaticPostingOfPurchaseHeader: a released purchase invoice is given to the job queue to post (BC's
    /// Purchase Post via Job Queue); when the queue runs, a posted purchase invoice for its vendor exists and the job is Finished.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestAutomaticPostingOfPurchaseHeader(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var posting = new Posting.PostingApi(server.AdminClient());
        await posting.ReleasedAsync(Purchase, "PI-1", Posting.PostingApi.VendorInvoice);
        var queued = await posting.PostAsync(Purchase, "PI-1", inBackground: true);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Empty(await posting.ListAsync("posted-documents"));

        await server.RunDueWorkAsync();

        var invoice = Assert.Single(await posting.ListAsync("posted-documents?partyNo=V10000"));
        Assert.Equal(("Posted Purchase Invoice", "PI-1"), (invoice.GetProperty("documentType").GetString(), invoice.GetProperty("sourceRecordId").GetString()));
        Assert.Equal("Finished", Assert.Single(await posting.ListAsync("jobs")).GetProperty("status").GetString());
    }

    /// <summary>
    /// TestWorkflowPostingFailsOnSendForApproval: a workflow that posts in the background the document sent for approval
    /// fails on an Open invoice (BC: "Status must be equal to 'Released'"): the refusal says it must be released, and
    /// nothing is queued or posted.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowPostingFailsOnSendForApproval(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var posting = new Posting.PostingApi(admin.Client);
        await admin.CreateAndEnableAsync("WF-POST-ON-SEND", [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "BACKGROUND_POST_DOCUMENT", 1)]);

        var sent = await admin.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", Purchase, "PI-1",
            new Dictionary<string, string>(Posting.PostingApi.VendorInvoice) { ["Status"] = "Open" });

        var body = await sent.Content.ReadAsStringAsync();
        Assert.Contains("must be approved and released", body);
        if (sent.IsSuccessStatusCode)
            Assert.NotEmpty(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Empty(await posting.ListAsync("jobs"));
        await server.RunDueWorkAsync();
        Assert.Empty(await posting.ListAsync("posted-documents"));
    }

    /// <summary>
    /// DeleteAllEventsPostPurchaseDocument: with every workflow disabled, a purchase invoice posts as usual (the posted
    /// invoice exists). BC also deletes its event library; here the events are the plugins' and cannot be deleted.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteAllEventsPostPurchaseDocument(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-RELEASED", [Event(1, "PURCHASE_DOCUMENT_RELEASED"), Response(2, "DO_NOTHING", 1)]);
        Assert.True((await admin.Client.PostAsync("/api/v1/workflows/WF-RELEASED/disable", null)).IsSuccessStatusCode);
        var posting = new Posting.PostingApi(admin.Client);
        await posting.ReleasedAsync(Purchase, "PI-1", Posting.PostingApi.VendorInvoice);

        var posted = await posting.PostOkAsync(Purchase, "PI-1");

        Assert.Equal(["Posted Purchase Invoice 108001"], Posting.PostingApi.Numbers(posted));
        Assert.Single(await posting.ListAsync("posted-documents?documentNo=108001"));
    }
}
