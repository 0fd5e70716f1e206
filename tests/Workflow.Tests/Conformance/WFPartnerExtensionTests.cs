using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134319 "WF Partner Extension Tests": a partner adds events and responses to the library
/// and the engine runs the partner's response. Partners extend BC by subscribing to OnAddWorkflowEventsToLibrary and
/// OnExecuteWorkflowResponse; here they ship a plugin folder, and the test plugin Workflow.TestPlugins.Records plays the
/// partner.
/// </summary>
public sealed class WFPartnerExtensionTests
{
    private const string PartnerPlugin = "Workflow.TestPlugins.Records";

    /// <summary>
    /// AddToEventLibraryTest and AddToResponseLibraryTest: without the partner's plugin its event and response are not in
    /// the library; with it they are, each naming the plugin that added it.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddToLibraryTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var without = new WorkflowServerFactory(database))
        {
            var client = without.AdminClient();
            Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/v1/events")).EnumerateArray(),
                e => e.GetProperty("code").GetString() == "SALES_INVOICE_SUBMITTED");
            Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/v1/responses")).EnumerateArray(),
                r => r.GetProperty("code").GetString() == "FAIL_WHEN_CUSTOMER_IS_FAIL");
        }

        await using var with = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = with.AdminClient();
        var added = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/events")).EnumerateArray().Single(e => e.GetProperty("code").GetString() == "SALES_INVOICE_SUBMITTED");
        Assert.Equal(PartnerPlugin, added.GetProperty("plugin").GetString());
        var response = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/responses")).EnumerateArray().Single(r => r.GetProperty("code").GetString() == "FAIL_WHEN_CUSTOMER_IS_FAIL");
        Assert.Equal(PartnerPlugin, response.GetProperty("plugin").GetString());
    }

    /// <summary>
    /// ExecuteResponseTest: a workflow step with the partner's response runs the partner's code; BC's custom response
    /// raises its own error, and so does the test plugin's (for customer FAIL), which the instance shows. For another
    /// customer the same response runs through and the instance completes.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExecuteResponseTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-PARTNER", [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "FAIL_WHEN_CUSTOMER_IS_FAIL", 1)]);

        var executed = await admin.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1", new Dictionary<string, string> { ["Customer No."] = "FAIL" });
        var passed = await admin.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-2", new Dictionary<string, string> { ["Customer No."] = "C-1" });

        Assert.Contains("customer FAIL is not allowed", Assert.Single(executed.GetProperty("errors").EnumerateArray()).GetString(), StringComparison.Ordinal);
        var failed = await admin.InstanceAsync(executed.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Equal("Failed", StepStatus(failed, 2));
        Assert.Equal("Completed", passed.GetProperty("startedInstances")[0].GetProperty("status").GetString());
    }

    /// <summary>
    /// ExecuteResponseFailTest: a response the library names but nothing executes fails in BC when its step runs ("Response
    /// … is not supported in the workflow."). Here every registered response has its handler, so the case is a step
    /// naming a response no loaded plugin provides: the workflow is saved (the plugin may come later) but not enabled,
    /// the refusal naming the step, so the step never runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExecuteResponseFailTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var created = await admin.CreateAsync("WF-UNSUPPORTED", [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "NEWCUSTOMRESPONSE2CODE", 1)]);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var refused = await admin.EnableRefusedAsync("WF-UNSUPPORTED");

        Assert.True(refused.GetProperty("errors").TryGetProperty("steps[1].functionCode", out _), refused.GetRawText());
        Assert.Empty((await admin.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1")).GetProperty("startedInstances").EnumerateArray());
    }
}
