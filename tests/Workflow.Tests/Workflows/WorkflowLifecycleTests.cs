using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Workflows;

/// <summary>Creating, validating, enabling, editing, deleting, copying, exporting and importing workflows.</summary>
public sealed class WorkflowLifecycleTests
{
    private static async Task<JsonElement> ErrorsOfEnableAsync(WorkflowApi api, string code, object[] steps, string? recordType = null)
    {
        var created = await api.CreateAsync(code, steps, recordType);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var problem = await api.EnableRefusedAsync(code);
        var workflow = await api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{code}");
        Assert.False(workflow.GetProperty("enabled").GetBoolean());
        return problem.GetProperty("errors");
    }

    private static void Names(JsonElement errors, string field, string reasonPart)
    {
        Assert.True(errors.TryGetProperty(field, out var reasons), $"expected a problem on '{field}', got {errors}");
        Assert.Contains(reasons.EnumerateArray(), r => r.GetString()!.Contains(reasonPart, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Enabling_refuses_each_kind_of_problem_and_names_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());

        Names(await ErrorsOfEnableAsync(api, "NO-ENTRY", []), "steps", "no entry point");
        Names(await ErrorsOfEnableAsync(api, "TWO-ROOTS", [Event(1, "SALES_INVOICE_SUBMITTED"), Event(2, "SALES_INVOICE_POSTED")]), "steps", "exactly one");
        Names(await ErrorsOfEnableAsync(api, "UNKNOWN-EVENT", [Event(1, "PLUGIN_GONE_EVENT")]), "steps[0].functionCode", "not registered");
        Names(await ErrorsOfEnableAsync(api, "UNKNOWN-RESP", [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "PLUGIN_GONE_RESPONSE", 1)]),
            "steps[1].functionCode", "not registered");
        Names(await ErrorsOfEnableAsync(api, "BAD-ORDER",
            [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "REVERT_FIELD_VALUE", 1, new { field = "Amount" }), Event(3, "SALES_INVOICE_POSTED", 2), Response(4, "APPLY_NEW_VALUES", 3)]),
            "steps[1].previousStepId", "may not follow");
        var optionErrors = await ErrorsOfEnableAsync(api, "BAD-OPTIONS",
            [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "SHOW_MESSAGE", 1), Response(3, "SET_FIELD_VALUE", 2, new { field = "Colour", value = "Red" }), Response(4, "SET_RECORD_STATUS", 3, new { status = "Open" })]);
        Names(optionErrors, "steps[1].options.message", "required");
        Names(optionErrors, "steps[2].options.field", "no field 'Colour'");
        // The record type is known when the workflow is saved, so a condition on a field it lacks is refused already then.
        await ProblemAssert.IsProblemAsync(await api.CreateAsync("BAD-FIELD", [Event(1, "SALES_INVOICE_SUBMITTED", conditions: new { Colour = "Red" })]),
            HttpStatusCode.BadRequest, "steps[0].conditions.Colour");
        // A generic event can concern any record type: its conditions can only be checked once the workflow names one.
        Names(await ErrorsOfEnableAsync(api, "GENERIC-FIELD", [Event(1, "RECORD_CREATED", conditions: new { Colour = "Red" })]), "recordType", "record type");

        await api.CreateAndEnableAsync("BIG-INVOICES", [Event(1, "SALES_INVOICE_SUBMITTED", conditions: new { Amount = ">1000" })]);
        Names(await ErrorsOfEnableAsync(api, "LARGE-INVOICES", [Event(1, "SALES_INVOICE_SUBMITTED", conditions: new { Amount = ">500" })]),
            "steps[0].conditions", "BIG-INVOICES");
        // Conditions that cannot both hold do not clash.
        await api.CreateAndEnableAsync("SMALL-INVOICES", [Event(1, "SALES_INVOICE_SUBMITTED", conditions: new { Amount = "..1000" })]);
    }

    [Fact]
    public async Task A_condition_that_does_not_parse_is_refused_on_save_with_its_field_and_position()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());

        var response = await api.CreateAsync("BROKEN", [Event(1, "SALES_INVOICE_SUBMITTED", conditions: new { Amount = "100..>" })]);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "steps[0].conditions.Amount");
        Assert.Contains("position", problem.GetProperty("errors").GetProperty("steps[0].conditions.Amount")[0].GetString());
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/workflows/BROKEN"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_enabled_workflow_refuses_edits_and_deletion_until_disabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());
        object[] steps = [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "SHOW_MESSAGE", 1, new { message = "hi" })];
        await api.CreateAndEnableAsync("LOCKED", steps);

        var edit = await api.Client.PutAsJsonAsync("/api/v1/workflows/LOCKED", new { description = "changed", steps });
        Assert.Contains("Disable", (await ProblemAssert.IsProblemAsync(edit, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/workflows/LOCKED"), HttpStatusCode.Conflict);
        Assert.Equal("Workflow LOCKED", (await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/LOCKED")).GetProperty("description").GetString());

        await api.Client.PostAsync("/api/v1/workflows/LOCKED/disable", null);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PutAsJsonAsync("/api/v1/workflows/LOCKED", new { description = "changed", steps })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync("/api/v1/workflows/LOCKED")).StatusCode);
    }

    [Fact]
    public async Task A_stale_ETag_gets_a_409_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());
        object[] steps = [Event(1, "SALES_INVOICE_SUBMITTED")];
        var created = await api.CreateAsync("ETAGGED", steps);
        var etag = created.Headers.ETag!.Tag;
        (await api.Client.PutAsJsonAsync("/api/v1/workflows/ETAGGED", new { description = "first edit", steps })).EnsureSuccessStatusCode();

        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/workflows/ETAGGED") { Content = JsonContent.Create(new { description = "lost edit", steps }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await ProblemAssert.IsProblemAsync(await api.Client.SendAsync(stale), HttpStatusCode.Conflict);
        Assert.Equal("first edit", (await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/ETAGGED")).GetProperty("description").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_workflow_exported_from_one_tenant_imports_into_another_with_all_its_steps(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var source = new WorkflowApi(server.AdminClient());
        var target = new WorkflowApi(await server.CreateTenantAsync("other-company"));
        await source.CreateAndEnableAsync("MOVE-ME",
        [
            Event(1, "SALES_INVOICE_SUBMITTED", conditions: new { Amount = "1000..5000|>10000" }),
            Response(2, "SHOW_MESSAGE", 1, new { message = "moved" }),
            Event(3, "SALES_INVOICE_POSTED", 2, sequenceNo: 2),
        ]);

        var file = await source.Client.GetStringAsync("/api/v1/workflows/MOVE-ME/export");
        var imported = await target.Client.PostAsync("/api/v1/workflows/import", new StringContent(file, Encoding.UTF8, "application/json"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var original = await source.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/MOVE-ME");
        var copy = await target.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/MOVE-ME");
        Assert.Equal(original.GetProperty("steps").GetRawText(), copy.GetProperty("steps").GetRawText());
        Assert.False(copy.GetProperty("enabled").GetBoolean());
        await ProblemAssert.IsProblemAsync(await source.Client.PostAsync("/api/v1/workflows/import",
            new StringContent("{\"format\":\"something-else\",\"workflow\":{}}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "format");

        // The other tenant's instances and workflows are its own.
        await source.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1", new { Amount = "2000" });
        Assert.Empty((await target.InstancesAsync()).EnumerateArray());
        Assert.Single((await source.InstancesAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Copying_makes_a_new_disabled_workflow_and_only_administrators_change_workflows()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());
        await api.CreateAndEnableAsync("ORIGINAL", [Event(1, "SALES_INVOICE_SUBMITTED")]);

        var copy = await api.Client.PostAsJsonAsync("/api/v1/workflows/ORIGINAL/copy", new { code = "COPY" });
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        Assert.False((await copy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enabled").GetBoolean());
        await ProblemAssert.IsProblemAsync(await api.Client.PostAsJsonAsync("/api/v1/workflows/ORIGINAL/copy", new { code = "COPY" }), HttpStatusCode.Conflict);

        var user = new WorkflowApi(await server.CreateUserAsync(api.Client, "CLERK"));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/workflows/ORIGINAL")).StatusCode);
        await ProblemAssert.IsProblemAsync(await user.CreateAsync("MINE", [Event(1, "SALES_INVOICE_SUBMITTED")]), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await user.Client.PostAsync("/api/v1/workflows/ORIGINAL/disable", null), HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saving_refuses_an_option_the_response_does_not_take_and_keeps_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());
        object[] Steps(object approvalOptions) =>
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, approvalOptions),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
        ];
        // approverId is the approval user setup's field; the response's option is approverUserId.
        var misspelt = new { approverType = "Approver", approverLimitType = "Specific Approver", approverId = "MGR" };

        var created = await ProblemAssert.IsProblemAsync(await api.CreateAsync("SPECIFIC", Steps(misspelt)), HttpStatusCode.BadRequest, "steps[2].options.approverId");
        var reason = created.GetProperty("errors").GetProperty("steps[2].options.approverId")[0].GetString()!;
        Assert.Contains("step 3", reason);
        Assert.Contains("approverUserId", reason);
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/workflows/SPECIFIC"), HttpStatusCode.NotFound);

        // An update and an import are saves too: refused the same way, leaving the stored workflow as it was.
        var saved = await api.CreateAsync("SPECIFIC", Steps(new { approverType = "Approver", approverLimitType = "Direct Approver" }));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var before = await api.Client.GetStringAsync("/api/v1/workflows/SPECIFIC");
        await ProblemAssert.IsProblemAsync(await api.Client.PutAsJsonAsync("/api/v1/workflows/SPECIFIC", new { description = "edited", steps = Steps(misspelt) }),
            HttpStatusCode.BadRequest, "steps[2].options.approverId");
        await ProblemAssert.IsProblemAsync(await api.Client.PostAsJsonAsync("/api/v1/workflows/import", new
        {
            format = "workflow-export/v1",
            workflow = new { code = "SPECIFIC", description = "imported", steps = Steps(misspelt) },
        }), HttpStatusCode.BadRequest, "workflow.steps[2].options.approverId");
        Assert.Equal(before, await api.Client.GetStringAsync("/api/v1/workflows/SPECIFIC"));

        // A response no loaded plugin registers has no schema to check yet: enabling names it.
        var unknown = await api.CreateAsync("LATER", [Event(1, "SALES_INVOICE_SUBMITTED"), Response(2, "PLUGIN_GONE_RESPONSE", 1, new { anything = "x" })]);
        Assert.True(unknown.IsSuccessStatusCode, await unknown.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Enabling_refuses_an_event_on_a_record_type_the_previous_event_does_not_relate_to(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());

        // An instance carries one sales invoice: a customer event never reaches it.
        var errors = await ErrorsOfEnableAsync(api, "UNRELATED",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "SHOW_MESSAGE", 1, new { message = "submitted" }),
            Event(3, "CUSTOMER_CHANGE_APPROVED", 2),
            Response(4, "SHOW_MESSAGE", 3, new { message = "approved" }),
        ]);
        Names(errors, "steps[2].functionCode", "table relation");
        Names(errors, "steps[2].functionCode", "CUSTOMER");

        // The same event on a generic workflow of another record type, likewise.
        Names(await ErrorsOfEnableAsync(api, "GENERIC-UNRELATED", [Event(1, "RECORD_CREATED"), Event(2, "CUSTOMER_CHANGE_APPROVED", 1)], recordType: "SALES_INVOICE"),
            "steps[1].functionCode", "table relation");

        // Related: the same record type, a generic event, and the approval events, which the approval module raises for
        // the record under approval.
        await api.CreateAndEnableAsync("RELATED",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "SHOW_MESSAGE", 1, new { message = "submitted" }),
            Event(3, "SALES_INVOICE_POSTED", 2, sequenceNo: 1),
            Event(4, "RECORD_CHANGED", 2, sequenceNo: 2),
            Event(5, "APPROVAL_REQUEST_APPROVED", 2, sequenceNo: 3),
            Event(6, "SALES_INVOICE_POSTED", 5),
        ]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_change_workflows_whose_rules_watch_different_fields_are_both_enabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());
        object[] Holding(string field, string @operator) =>
        [
            Event(1, "RECORD_CHANGED", changeConditions: new[] { new { field, @operator } }),
            Response(2, "REVERT_FIELD_VALUE", 1, new { field }),
            Event(3, "CUSTOMER_CHANGE_APPROVED", 2),
            Response(4, "APPLY_NEW_VALUES", 3),
        ];

        await api.CreateAndEnableAsync("CREDIT-UP", Holding("Credit Limit (LCY)", "Increased"), recordType: "CUSTOMER");
        await api.CreateAndEnableAsync("BLOCKED", Holding("Blocked", "Changed"), recordType: "CUSTOMER");
        // The same rule again is a duplicate entry point, as in Business Central.
        Names(await ErrorsOfEnableAsync(api, "CREDIT-UP-2", Holding("Credit Limit (LCY)", "Increased"), recordType: "CUSTOMER"), "steps[0].conditions", "CREDIT-UP");

        await api.RaiseOkAsync("RECORD_CREATED", "CUSTOMER", "C-1", new Dictionary<string, string> { ["Blocked"] = "None", ["Credit Limit (LCY)"] = "1000" });
        var blocked = await api.RaiseOkAsync("RECORD_CHANGED", "CUSTOMER", "C-1", new Dictionary<string, string> { ["Blocked"] = "All" });
        Assert.Equal(["BLOCKED"], blocked.GetProperty("startedInstances").EnumerateArray().Select(i => i.GetProperty("workflowCode").GetString()));
        var raised = await api.RaiseOkAsync("RECORD_CHANGED", "CUSTOMER", "C-1", new Dictionary<string, string> { ["Credit Limit (LCY)"] = "2000" });
        Assert.Equal(["CREDIT-UP"], raised.GetProperty("startedInstances").EnumerateArray().Select(i => i.GetProperty("workflowCode").GetString()));
        Assert.Equal("None", await api.FieldAsync("CUSTOMER", "C-1", "Blocked"));
        Assert.Equal("1000", await api.FieldAsync("CUSTOMER", "C-1", "Credit Limit (LCY)"));

        await api.RaiseOkAsync("CUSTOMER_CHANGE_APPROVED", "CUSTOMER", "C-1");
        Assert.Equal("All", await api.FieldAsync("CUSTOMER", "C-1", "Blocked"));
        Assert.Equal("2000", await api.FieldAsync("CUSTOMER", "C-1", "Credit Limit (LCY)"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_imported_specific_approver_is_kept_only_when_that_user_has_approval_setup(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var source = new WorkflowApi(server.AdminClient());
        var target = new WorkflowApi(await server.CreateTenantAsync("other-company"));
        foreach (var api in new[] { source, target })
            (await api.Client.PostAsJsonAsync("/api/v1/users", new { userId = "BOSS", displayName = "Boss" })).EnsureSuccessStatusCode();
        (await source.Client.PutAsJsonAsync("/api/v1/approval-user-setup/BOSS", new { unlimitedPurchaseApproval = true })).EnsureSuccessStatusCode();
        await source.CreateAndEnableAsync("TO-BOSS",
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Specific Approver", approverUserId = "BOSS" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Response(5, "CREATE_NOTIFICATION_ENTRY", 4, new { recipientUserId = "BOSS", message = "An invoice is waiting." }),
        ]);
        var file = await source.Client.GetStringAsync("/api/v1/workflows/TO-BOSS/export");
        async Task<JsonElement> ImportAsync()
        {
            var imported = await target.Client.PostAsync("/api/v1/workflows/import", new StringContent(file, Encoding.UTF8, "application/json"));
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
            return (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("steps");
        }
        static JsonElement Options(JsonElement steps, int stepId) =>
            steps.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == stepId).GetProperty("options");

        // BOSS is a user of the other company but has no approval setup there: the approver comes in blank.
        var blank = await ImportAsync();
        Assert.False(Options(blank, 3).TryGetProperty("approverUserId", out _));
        Assert.False(Options(blank, 5).TryGetProperty("recipientUserId", out _));
        Assert.Equal("Specific Approver", Options(blank, 3).GetProperty("approverLimitType").GetString());
        Names((await target.EnableRefusedAsync("TO-BOSS")).GetProperty("errors"), "steps[2].options", "approverUserId");

        (await target.Client.PutAsJsonAsync("/api/v1/approval-user-setup/BOSS", new { unlimitedPurchaseApproval = true })).EnsureSuccessStatusCode();
        var kept = await ImportAsync();
        Assert.Equal("BOSS", Options(kept, 3).GetProperty("approverUserId").GetString());
        Assert.Equal("BOSS", Options(kept, 5).GetProperty("recipientUserId").GetString());
    }
}
