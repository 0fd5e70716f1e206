using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134208 "Workflow Imp./Exp. Tests": a workflow exported to a file and imported again, over
/// itself or after it was deleted, has the same steps; a specific approver comes in only if that user has an approval
/// user setup; a file without a workflow code is refused. The API writes one workflow per file.
/// </summary>
public sealed class WorkflowImpExpTests
{
    private static async Task<WorkflowApi> CustomerCreditLimitCopyAsync(WorkflowServerFactory server)
    {
        var admin = new WorkflowApi(server.AdminClient());
        var copied = await admin.Client.PostAsJsonAsync("/api/v1/workflows/WF-CCLCAPW/copy", new { code = "CUST-CREDIT" });
        Assert.True(copied.IsSuccessStatusCode, await copied.Content.ReadAsStringAsync());
        return admin;
    }

    private static async Task<JsonNode> WorkflowAsync(WorkflowApi admin, string code) =>
        JsonNode.Parse(await admin.Client.GetStringAsync($"/api/v1/workflows/{code}"))!;

    private static Task<HttpResponseMessage> ImportAsync(WorkflowApi admin, string file) =>
        admin.Client.PostAsync("/api/v1/workflows/import", new StringContent(file, Encoding.UTF8, "application/json"));

    /// <summary>ExportSingleWorkflow: the file holds the workflow's code, description and category, every step, and not whether it is enabled.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportSingleWorkflow(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = await CustomerCreditLimitCopyAsync(server);
        var workflow = await WorkflowAsync(admin, "CUST-CREDIT");

        var exported = JsonNode.Parse(await admin.Client.GetStringAsync("/api/v1/workflows/CUST-CREDIT/export"))!["workflow"]!;

        foreach (var field in new[] { "code", "description", "category" })
            Assert.Equal(workflow[field]!.GetValue<string>(), exported[field]!.GetValue<string>());
        Assert.Null(exported["enabled"]);
        Assert.True(JsonNode.DeepEquals(workflow["steps"], exported["steps"]));
    }

    /// <summary>
    /// ImportSingleWorkflow and ReplaceWorkflowWithSteps: the exported file imported after the workflow was deleted, or
    /// over the workflow itself, gives the same steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportSingleWorkflow(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = await CustomerCreditLimitCopyAsync(server);
        var steps = (await WorkflowAsync(admin, "CUST-CREDIT"))["steps"];
        var file = await admin.Client.GetStringAsync("/api/v1/workflows/CUST-CREDIT/export");

        var replaced = await ImportAsync(admin, file);
        Assert.True(replaced.IsSuccessStatusCode, await replaced.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(steps, (await WorkflowAsync(admin, "CUST-CREDIT"))["steps"]));

        Assert.True((await admin.Client.DeleteAsync("/api/v1/workflows/CUST-CREDIT")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/api/v1/workflows/CUST-CREDIT")).StatusCode);
        var imported = await ImportAsync(admin, file);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(steps, (await WorkflowAsync(admin, "CUST-CREDIT"))["steps"]));
    }

    public static TheoryData<string, bool> ProvidersAndSetupKept()
    {
        var rows = new TheoryData<string, bool>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var kept in new[] { true, false })
                rows.Add(provider, kept);
        return rows;
    }

    /// <summary>
    /// ExportImportWorkflowWithApproverUserID and ExportImportWorkflowWithNonExistingApproverUserID: a purchase invoice
    /// workflow with a specific approver, exported, deleted and imported, keeps approver type Approver and limit type
    /// Specific Approver, and keeps the approver only while that user still has an approval user setup.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndSetupKept))]
    public async Task ExportImportWorkflowWithApproverUserID(string provider, bool setupKept)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await server.CreateUserAsync(admin.Client, "BOSS");
        (await admin.Client.PutAsJsonAsync("/api/v1/approval-user-setup/BOSS", new { unlimitedPurchaseApproval = true })).EnsureSuccessStatusCode();
        var created = await admin.CreateAsync("PI-BOSS",
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Specific Approver", approverUserId = "BOSS" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
        ]);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var file = await admin.Client.GetStringAsync("/api/v1/workflows/PI-BOSS/export");
        Assert.True((await admin.Client.DeleteAsync("/api/v1/workflows/PI-BOSS")).IsSuccessStatusCode);
        if (!setupKept)
            Assert.True((await admin.Client.DeleteAsync("/api/v1/approval-user-setup/BOSS")).IsSuccessStatusCode);

        var imported = await ImportAsync(admin, file);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var options = (await WorkflowAsync(admin, "PI-BOSS"))["steps"]!.AsArray()
            .Single(s => s!["functionCode"]!.GetValue<string>() == "CREATE_APPROVAL_REQUESTS")!["options"]!;
        Assert.Equal("Approver", options["approverType"]!.GetValue<string>());
        Assert.Equal("Specific Approver", options["approverLimitType"]!.GetValue<string>());
        Assert.Equal(setupKept ? "BOSS" : null, options["approverUserId"]?.GetValue<string>());
    }

    /// <summary>ImportWorkflowWithEmptyCode: a file whose workflow code is blank is refused, naming the code, and nothing is imported.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportWorkflowWithEmptyCode(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = await CustomerCreditLimitCopyAsync(server);
        var file = JsonNode.Parse(await admin.Client.GetStringAsync("/api/v1/workflows/CUST-CREDIT/export"))!;
        file["workflow"]!["code"] = "";
        file["workflow"]!["category"] = "";
        var before = JsonNode.Parse(await admin.Client.GetStringAsync("/api/v1/workflows"))!.AsArray().Count;

        await ProblemAssert.IsProblemAsync(await ImportAsync(admin, file.ToJsonString()), HttpStatusCode.BadRequest, "workflow.code");

        Assert.Equal(before, JsonNode.Parse(await admin.Client.GetStringAsync("/api/v1/workflows"))!.AsArray().Count);
    }
}
