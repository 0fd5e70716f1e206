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
/// Business Central's codeunit 134303 "Workflow Event Response Tests", the procedures that are not posting: a response
/// that no plugin registers keeps its workflow from being enabled, and an event runs every response that follows it.
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
}
