using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;

namespace Workflow.Tests.Approvals;

/// <summary>
/// Field-change approvals (Business Central's pattern P3): a change to watched master data is reverted and held, sent for
/// approval, and applied when approved or discarded when rejected. Through the API, from the built-in templates.
/// </summary>
public sealed class ChangeApprovalTests
{
    private const string CreditLimit = "Credit Limit (LCY)";

    /// <summary>
    /// Copies a change-approval template, which leaves the workflow user group blank as Business Central's does, shows
    /// that the copy cannot be enabled so, fills the group in and enables it.
    /// </summary>
    internal static async Task EnableCopyAsync(WorkflowApi admin, string template, string code, string userGroup)
    {
        var copy = await admin.Client.PostAsJsonAsync($"/api/v1/workflows/{template}/copy", new { code });
        Assert.True(copy.IsSuccessStatusCode, await copy.Content.ReadAsStringAsync());
        var workflow = JsonNode.Parse(await admin.Client.GetStringAsync($"/api/v1/workflows/{code}"))!;
        var steps = workflow["steps"]!.AsArray();
        var create = steps.Select((s, i) => (Step: s!, Index: i)).Single(s => s.Step["functionCode"]!.GetValue<string>() == "CREATE_APPROVAL_REQUESTS");

        var refused = await admin.EnableRefusedAsync(code);
        Assert.Contains("workflowUserGroupCode", refused.GetProperty("errors").GetProperty($"steps[{create.Index}].options")[0].GetString());

        create.Step["options"]!["workflowUserGroupCode"] = userGroup;
        var update = await admin.Client.PutAsJsonAsync($"/api/v1/workflows/{code}", new JsonObject
        {
            ["description"] = workflow["description"]!.GetValue<string>(),
            ["category"] = workflow["category"]?.GetValue<string>(),
            ["steps"] = steps.DeepClone(),
        });
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        var enabled = await admin.Client.PostAsync($"/api/v1/workflows/{code}/enable", null);
        Assert.True(enabled.IsSuccessStatusCode, await enabled.Content.ReadAsStringAsync());
    }

    private static async Task<ApprovalScenario> ApproversAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR");
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.GroupAsync("MASTERDATA", ("MGR", 1));
        return scenario;
    }

    private static string StartedInstance(JsonElement raised) =>
        Assert.Single(raised.GetProperty("startedInstances").EnumerateArray()).GetProperty("instanceId").GetString()!;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_raised_credit_limit_is_held_for_approval_then_applied_when_approved_and_discarded_when_rejected(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApproversAsync(server);
        await EnableCopyAsync(scenario.Admin, "WF-CCLCAPW", "CUST-CREDIT", "MASTERDATA");
        foreach (var customer in new[] { "C-1", "C-2" })
            await scenario.Admin.RaiseOkAsync("CUSTOMER_CREATED", "CUSTOMER", customer, new Dictionary<string, string> { ["Name"] = customer, [CreditLimit] = "1000" });
        var requester = new WorkflowApi(scenario.As("REQ"));

        // The rule watches increases only: a lower credit limit is saved at once.
        var lowered = await requester.RaiseOkAsync("CUSTOMER_CHANGED", "CUSTOMER", "C-1", new Dictionary<string, string> { [CreditLimit] = "800" });
        Assert.Empty(lowered.GetProperty("startedInstances").EnumerateArray());
        Assert.Equal("800", await scenario.Admin.FieldAsync("CUSTOMER", "C-1", CreditLimit));

        // A raise is reverted and held, and the group's member gets an entry to approve.
        var approvedChange = StartedInstance(await requester.RaiseOkAsync("CUSTOMER_CHANGED", "CUSTOMER", "C-1", new Dictionary<string, string> { [CreditLimit] = "5000" }));
        Assert.Equal("800", await scenario.Admin.FieldAsync("CUSTOMER", "C-1", CreditLimit));
        Assert.Equal(["MGR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(approvedChange)));
        Assert.Equal(["C-1"], await scenario.InboxAsync("MGR"));
        var instance = await scenario.Admin.InstanceAsync(approvedChange);
        var held = Assert.Single(instance.GetProperty("heldChanges").EnumerateArray());
        Assert.Equal((CreditLimit, "800", "5000", true),
            (held.GetProperty("field").GetString(), held.GetProperty("oldValue").GetString(), held.GetProperty("newValue").GetString(), held.GetProperty("active").GetBoolean()));
        Assert.Contains(instance.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == "The customer credit limit change was sent for approval.");

        await scenario.ActOkAsync("MGR", approvedChange, "approve");

        Assert.Equal("5000", await scenario.Admin.FieldAsync("CUSTOMER", "C-1", CreditLimit));
        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(approvedChange)).GetProperty("status").GetString());

        // Rejected: the new value is dropped and the customer keeps the credit limit it had.
        var rejectedChange = StartedInstance(await requester.RaiseOkAsync("CUSTOMER_CHANGED", "CUSTOMER", "C-2", new Dictionary<string, string> { [CreditLimit] = "3000" }));
        Assert.Equal("1000", await scenario.Admin.FieldAsync("CUSTOMER", "C-2", CreditLimit));
        await scenario.ActOkAsync("MGR", rejectedChange, "reject");

        Assert.Equal("1000", await scenario.Admin.FieldAsync("CUSTOMER", "C-2", CreditLimit));
        var rejected = await scenario.Admin.InstanceAsync(rejectedChange);
        Assert.Equal("Completed", rejected.GetProperty("status").GetString());
        Assert.False(Assert.Single(rejected.GetProperty("heldChanges").EnumerateArray()).GetProperty("active").GetBoolean());
        Assert.Equal(["MGR:Rejected"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(rejectedChange)));
        Assert.Empty(await scenario.InboxAsync("MGR"));
        // The template's reject branch notifies the sender, as Business Central's does.
        var notifications = await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("C-2") && n.GetProperty("message").GetString()!.Contains("rejected"));
    }

    public static TheoryData<string, string, string, string, string, string, string> OtherTemplates()
    {
        var data = new TheoryData<string, string, string, string, string, string, string>();
        foreach (var provider in TestDatabase.Providers)
        {
            data.Add(provider, "WF-IUPCAPW", "ITEM", "Unit Price", "10", "12.5", "The item unit price change was sent for approval.");
            data.Add(provider, "WF-VNCAPW", "VENDOR", "Name", "Fabrikam", "Fabrikam Ltd", "The vendor name change was sent for approval.");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OtherTemplates))]
    public async Task The_item_and_vendor_change_templates_hold_a_change_until_it_is_approved(
        string provider, string template, string recordType, string field, string before, string after, string message)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApproversAsync(server);
        await EnableCopyAsync(scenario.Admin, template, "CHANGE-APPROVAL", "MASTERDATA");
        await scenario.Admin.RaiseOkAsync($"{recordType}_CREATED", recordType, "M-1", new Dictionary<string, string> { [field] = before });

        var change = StartedInstance(await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync($"{recordType}_CHANGED", recordType, "M-1",
            new Dictionary<string, string> { [field] = after }));

        Assert.Equal(before, await scenario.Admin.FieldAsync(recordType, "M-1", field));
        Assert.Contains((await scenario.Admin.InstanceAsync(change)).GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == message);
        await scenario.ActOkAsync("MGR", change, "approve");
        Assert.Equal(after, await scenario.Admin.FieldAsync(recordType, "M-1", field));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revert_may_follow_the_record_change_events_of_any_plugin_and_no_other_event(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());

        // The purchasing and sales plugin's customer event, and the test plugin's own record-change event, both declare
        // that they carry previous values.
        await api.CreateAndEnableAsync("CUST-NAME",
        [
            WorkflowApi.Event(1, "CUSTOMER_CHANGED", changeConditions: new[] { new { field = "Name", @operator = "Changed" } }),
            WorkflowApi.Response(2, "REVERT_FIELD_VALUE", 1, new { field = "Name" }),
            WorkflowApi.Event(3, "CUSTOMER_CHANGE_APPROVED", 2),
            WorkflowApi.Response(4, "APPLY_NEW_VALUES", 3),
        ]);
        await api.CreateAndEnableAsync("INV-AMOUNT",
        [
            WorkflowApi.Event(1, "SALES_INVOICE_CHANGED", changeConditions: new[] { new { field = "Amount", @operator = "Increased" } }),
            WorkflowApi.Response(2, "REVERT_FIELD_VALUE", 1, new { field = "Amount" }),
            WorkflowApi.Event(3, "SALES_INVOICE_POSTED", 2),
            WorkflowApi.Response(4, "APPLY_NEW_VALUES", 3),
        ]);

        await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1", new { Amount = "100" });
        StartedInstance(await api.RaiseOkAsync("SALES_INVOICE_CHANGED", "SALES_INVOICE", "SI-1", new { Amount = "900" }));
        Assert.Equal("100", await api.FieldAsync("SALES_INVOICE", "SI-1", "Amount"));
        await api.RaiseOkAsync("SALES_INVOICE_POSTED", "SALES_INVOICE", "SI-1");
        Assert.Equal("900", await api.FieldAsync("SALES_INVOICE", "SI-1", "Amount"));

        // An event that is not a record-change event has no previous value to put back.
        var created = await api.CreateAsync("NOT-A-CHANGE",
        [
            WorkflowApi.Event(1, "SALES_INVOICE_SUBMITTED"),
            WorkflowApi.Response(2, "REVERT_FIELD_VALUE", 1, new { field = "Amount" }),
            WorkflowApi.Event(3, "SALES_INVOICE_POSTED", 2),
            WorkflowApi.Response(4, "APPLY_NEW_VALUES", 3),
        ]);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var refused = await api.EnableRefusedAsync("NOT-A-CHANGE");
        Assert.Contains("record-change event", refused.GetProperty("errors").GetProperty("steps[1].previousStepId")[0].GetString());
        Assert.False((await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/NOT-A-CHANGE")).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task The_change_templates_are_listed_with_their_business_central_names()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);

        var templates = await server.AdminClient().GetFromJsonAsync<JsonElement>("/api/v1/templates");
        var byCode = templates.EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        Assert.Equal("Customer Credit Limit Change Approval Workflow", byCode["WF-CCLCAPW"].GetProperty("description").GetString());
        Assert.Equal("Item Unit Price Change Approval Workflow", byCode["WF-IUPCAPW"].GetProperty("description").GetString());
        Assert.Equal("Vendor Name Change Approval Workflow", byCode["WF-VNCAPW"].GetProperty("description").GetString());
        Assert.All(new[] { "WF-CCLCAPW", "WF-IUPCAPW" }, code => Assert.Equal("SALES", byCode[code].GetProperty("category").GetString()));
        Assert.Equal("PURCH", byCode["WF-VNCAPW"].GetProperty("category").GetString());
    }
}
