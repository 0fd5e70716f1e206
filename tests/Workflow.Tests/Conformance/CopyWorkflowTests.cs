using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134306 "Copy Workflow Tests": a new workflow from a template, or a copy of a workflow,
/// has the same description, steps, event conditions, rules and response options, and is not enabled.
/// </summary>
public sealed class CopyWorkflowTests
{
    /// <summary>
    /// CreateTwoStepsWorkflow: an entry event with conditions and two rules on a field (Changed, Increased) and a
    /// notification response for one user, enabled.
    /// </summary>
    private static async Task CreateTwoStepsWorkflowAsync(WorkflowApi admin, string code, string blocked = "None")
    {
        // Each enabled workflow of the tenant starts for customers of another Blocked value, so they never overlap.
        await admin.CreateAndEnableAsync(code,
        [
            Event(1, "CUSTOMER_CHANGED", conditions: new Dictionary<string, string> { ["Blocked"] = blocked },
                changeConditions: new[] { new { field = "Credit Limit (LCY)", @operator = "Changed" }, new { field = "Name", @operator = "Changed" } }),
            Response(2, "CREATE_NOTIFICATION_ENTRY", 1, new { recipientUserId = "ADMIN" }),
        ]);
    }

    private static async Task<JsonNode> WorkflowAsync(WorkflowApi admin, string code) =>
        JsonNode.Parse(await admin.Client.GetStringAsync($"/api/v1/workflows/{code}"))!;

    private static async Task<JsonNode> CopyAsync(WorkflowApi admin, string from, string to)
    {
        var copied = await admin.Client.PostAsJsonAsync($"/api/v1/workflows/{from}/copy", new { code = to });
        Assert.True(copied.IsSuccessStatusCode, await copied.Content.ReadAsStringAsync());
        return await WorkflowAsync(admin, to);
    }

    private static void SameDefinition(JsonNode from, JsonNode to)
    {
        Assert.Equal(from["description"]!.GetValue<string>(), to["description"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(from["steps"], to["steps"]), $"{from["steps"]} != {to["steps"]}");
        Assert.False(to["enabled"]!.GetValue<bool>());
    }

    private static string[] FunctionCodes(JsonNode workflow) =>
        workflow["steps"]!.AsArray().Select(s => s!["functionCode"]!.GetValue<string>()).ToArray();

    public static TheoryData<string, bool> ProvidersAndOthersExisting()
    {
        var rows = new TheoryData<string, bool>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var othersExist in new[] { false, true })
                rows.Add(provider, othersExist);
        return rows;
    }

    /// <summary>
    /// TestCopyTemplateToFirstWorkflow and TestCopyTemplateToWorkflowMultipleExist (two workflows already there): the
    /// new workflow from the purchase invoice template has the template's description and steps.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndOthersExisting))]
    public async Task TestCopyTemplateToFirstWorkflow(string provider, bool othersExist)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        if (othersExist)
            foreach (var (code, blocked) in new[] { ("OTHER-1", "Ship"), ("OTHER-2", "All") })
                await CreateTwoStepsWorkflowAsync(admin, code, blocked);

        var templates = JsonNode.Parse(await admin.Client.GetStringAsync("/api/v1/templates"))!.AsArray();
        var template = templates.Single(t => t!["code"]!.GetValue<string>() == "WF-PIAPW")!;
        var copy = await CopyAsync(admin, "WF-PIAPW", "PI-APPROVAL");

        Assert.Equal(template["description"]!.GetValue<string>(), copy["description"]!.GetValue<string>());
        Assert.Equal(FunctionCodes(template), FunctionCodes(copy));
        Assert.False(copy["enabled"]!.GetValue<bool>());
    }

    /// <summary>
    /// TestCopyFirstWorkflowToWorkflow, TestCopyEnabledWorkflowToWorkflow and TestCopyWorkflowToWorkflowMultipleExist:
    /// a copy of an enabled workflow has its description, steps, conditions, rules and options, and is not enabled.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndOthersExisting))]
    public async Task TestCopyEnabledWorkflowToWorkflow(string provider, bool othersExist)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        if (othersExist)
            foreach (var (code, blocked) in new[] { ("OTHER-1", "Ship"), ("OTHER-2", "All") })
                await CreateTwoStepsWorkflowAsync(admin, code, blocked);
        await CreateTwoStepsWorkflowAsync(admin, "FROM");

        var from = await WorkflowAsync(admin, "FROM");
        Assert.True(from["enabled"]!.GetValue<bool>());
        var to = await CopyAsync(admin, "FROM", "TO");

        SameDefinition(from, to);
        Assert.True(from["steps"]![0]!["changeConditions"]!.AsArray().Count == 2);
        Assert.True((await WorkflowAsync(admin, "FROM"))["enabled"]!.GetValue<bool>());
    }
}
