using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134305 "Workflow Delete Tests": an enabled workflow, or one with running instances,
/// cannot be deleted; a disabled one goes with its steps; its archived steps stay until the archive is deleted.
/// </summary>
public sealed class WorkflowDeleteTests
{
    /// <summary>CreateWorkflow: an entry event and a response, then an event the instance waits for.</summary>
    private static readonly object[] WaitingSteps =
    [
        Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"),
        Response(2, "SHOW_MESSAGE", 1, new { message = "Received." }),
        Event(3, "PURCHASE_DOCUMENT_RELEASED", 2),
        Response(4, "SHOW_MESSAGE", 3, new { message = "Released." }),
    ];

    private static async Task DisableAsync(WorkflowApi admin, string code)
    {
        var disabled = await admin.Client.PostAsync($"/api/v1/workflows/{code}/disable", null);
        Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// TestCannotDeleteEnabledWorkflow and TestDeleteWorkflowAndWorkflowSteps: deleting the enabled workflow is refused
    /// with "Enabled workflows cannot be deleted." and it stays; disabled, it is deleted with its steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestCannotDeleteEnabledWorkflow(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-DELETE", WaitingSteps);

        Assert.StartsWith("Enabled workflows cannot be deleted.", await RefusalAsync(await admin.Client.DeleteAsync("/api/v1/workflows/WF-DELETE"), HttpStatusCode.Conflict));
        Assert.Equal(4, (await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WF-DELETE")).GetProperty("steps").GetArrayLength());

        await DisableAsync(admin, "WF-DELETE");
        var deleted = await admin.Client.DeleteAsync("/api/v1/workflows/WF-DELETE");

        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/api/v1/workflows/WF-DELETE")).StatusCode);
    }

    /// <summary>
    /// TestWorkflowCannotBeDeletedWhenActiveInstancesExist: an instance waits on the workflow's second event; disabled,
    /// the workflow still cannot be deleted ("You cannot delete the workflow because active workflow step instances
    /// exist.").
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowCannotBeDeletedWhenActiveInstancesExist(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-DELETE", WaitingSteps);
        await admin.RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", Purchase, "PI-1");
        await DisableAsync(admin, "WF-DELETE");

        var refused = await admin.Client.DeleteAsync("/api/v1/workflows/WF-DELETE");

        Assert.StartsWith("You cannot delete the workflow because active workflow step instances exist", await RefusalAsync(refused, HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/v1/workflows/WF-DELETE")).StatusCode);
    }

    /// <summary>
    /// TestDeleteArchivedSteps: a workflow whose instance completes at once leaves its steps in the archive, which stays
    /// when the workflow is deleted; deleting the archive takes them.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestDeleteArchivedSteps(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-ARCHIVE",
            [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "SHOW_MESSAGE", 1, new { message = "Received." })]);
        await admin.RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", Purchase, "PI-1");
        Assert.NotEqual(0, (await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances?workflowCode=WF-ARCHIVE")).GetArrayLength());
        await DisableAsync(admin, "WF-ARCHIVE");
        Assert.True((await admin.Client.DeleteAsync("/api/v1/workflows/WF-ARCHIVE")).IsSuccessStatusCode);
        Assert.NotEqual(0, (await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances?workflowCode=WF-ARCHIVE")).GetArrayLength());

        var deleted = await admin.Client.DeleteAsync("/api/v1/archived-step-instances?all=true");

        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Equal(0, (await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances")).GetArrayLength());
    }
}
