using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134304 "Workflow Event Arguments Test", the procedures on what an event's conditions
/// are, not on how BC's request pages and XML carry them: conditions act as filters on the record (blank ones match
/// every record), an enabled workflow's conditions are not edited, removing them leaves none, and a long condition
/// survives export and import.
/// </summary>
public sealed class WorkflowEventArgumentsTests
{
    private static Dictionary<string, string> Invoice(string vendor, string date, string amount) => new()
    {
        ["Document Type"] = "Invoice", ["Buy-from Vendor No."] = vendor, ["Document Date"] = date, ["Amount"] = amount,
    };

    private static JsonElement Conditions(JsonElement workflow) => workflow.GetProperty("steps")[0].GetProperty("conditions");

    /// <summary>
    /// ConvertParametersToFilters and ConvertBlankParametersToFilters: the conditions Buy-from Vendor No. = 10000,
    /// Document Date = the work date and Amount &gt; 1000 filter the record as BC's filters would (only the invoice that
    /// meets all three starts the workflow); blank conditions filter nothing (any invoice starts the other one).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConvertParametersToFilters(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-FILTERS",
        [
            Event(1, "PURCHASE_DOCUMENT_RELEASED", conditions: new Dictionary<string, string> { ["Buy-from Vendor No."] = "10000", ["Document Date"] = "2026-01-28", ["Amount"] = ">1000" }),
        ]);
        await admin.CreateAndEnableAsync("WF-BLANK", [Event(1, "SALES_DOCUMENT_RELEASED")]);

        string[] Started(JsonElement raised) => raised.GetProperty("startedInstances").EnumerateArray().Select(i => i.GetProperty("workflowCode").GetString()!).ToArray();
        Assert.Equal(["WF-FILTERS"], Started(await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-1", Invoice("10000", "2026-01-28", "1000.01"))));
        Assert.Empty(Started(await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-2", Invoice("20000", "2026-01-28", "5000"))));
        Assert.Empty(Started(await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-3", Invoice("10000", "2026-01-29", "5000"))));
        Assert.Empty(Started(await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-4", Invoice("10000", "2026-01-28", "1000"))));
        Assert.Equal(["WF-BLANK"], Started(await admin.RaiseOkAsync("SALES_DOCUMENT_RELEASED", Sales, "SI-1", new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Amount"] = "1" })));
    }

    /// <summary>
    /// CannotEditArgumentIfWorkflowIsEnabled and EditingEventConditionsIfWorkflowIsEnabled: changing the conditions of
    /// an enabled workflow is refused ("Enabled workflows cannot be edited.") and the stored conditions stay;
    /// DeleteParameters: once disabled, saving the step without conditions leaves it with none.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CannotEditArgumentIfWorkflowIsEnabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-ARGS", [Event(1, "PURCHASE_DOCUMENT_RELEASED", conditions: new Dictionary<string, string> { ["Amount"] = ">100" })]);

        object Draft(object conditions) => new { code = "WF-ARGS", description = "Workflow WF-ARGS", category = "SALES", steps = new[] { Event(1, "PURCHASE_DOCUMENT_RELEASED", conditions: conditions) } };
        var edit = await admin.Client.PutAsJsonAsync("/api/v1/workflows/WF-ARGS", Draft(new Dictionary<string, string> { ["Amount"] = ">5" }));

        Assert.StartsWith("Enabled workflows cannot be edited.", await RefusalAsync(edit, HttpStatusCode.Conflict));
        Assert.Equal(">100", Conditions(await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WF-ARGS")).GetProperty("Amount").GetString());

        // DeleteParameters
        Assert.True((await admin.Client.PostAsync("/api/v1/workflows/WF-ARGS/disable", null)).IsSuccessStatusCode);
        var cleared = await admin.Client.PutAsJsonAsync("/api/v1/workflows/WF-ARGS", Draft(new { }));
        Assert.True(cleared.IsSuccessStatusCode, await cleared.Content.ReadAsStringAsync());
        Assert.Empty(Conditions(await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WF-ARGS")).EnumerateObject());
    }

    /// <summary>
    /// WorkflowSaveLoadWithLongEventCondition: a workflow whose condition filters by 21 vendors is exported, deleted and
    /// imported again; the imported condition is the same, and filters as before.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WorkflowSaveLoadWithLongEventCondition(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var vendors = string.Join("|", Enumerable.Range(1, 21).Select(i => $"VENDOR{i:D4}"));
        var created = await admin.CreateAsync("WF-LONG",
            [Event(1, "PURCHASE_DOCUMENT_RELEASED", conditions: new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Buy-from Vendor No."] = vendors })]);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var exported = await admin.Client.GetStringAsync("/api/v1/workflows/WF-LONG/export");
        Assert.True((await admin.Client.DeleteAsync("/api/v1/workflows/WF-LONG")).IsSuccessStatusCode);
        var imported = await admin.Client.PostAsync("/api/v1/workflows/import", new StringContent(exported, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var loaded = await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WF-LONG");
        Assert.Equal(vendors, Conditions(loaded).GetProperty("Buy-from Vendor No.").GetString());
        Assert.True((await admin.Client.PostAsync("/api/v1/workflows/WF-LONG/enable", null)).IsSuccessStatusCode);
        Assert.Single((await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-1", Invoice("VENDOR0017", "2026-01-28", "10"))).GetProperty("startedInstances").EnumerateArray());
        Assert.Empty((await admin.RaiseOkAsync("PURCHASE_DOCUMENT_RELEASED", Purchase, "PI-2", Invoice("VENDOR0022", "2026-01-28", "10"))).GetProperty("startedInstances").EnumerateArray());
    }
}
