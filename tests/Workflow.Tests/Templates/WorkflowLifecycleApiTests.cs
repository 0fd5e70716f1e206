using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Plugins;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Templates;

/// <summary>
/// The lifecycle around templates and workflows (catalogue §6.1 and §7): categories, the tenant's template library and
/// its reset, templates that come and go with their plugin, instances per workflow version, the archive of held record
/// changes, deletion refused while instances run, and the import and export of a set of workflows.
/// </summary>
public sealed class WorkflowLifecycleApiTests(TemplateServers servers) : IClassFixture<TemplateServers>
{
    // Started by "submitted", then waiting for "posted": an instance that keeps running.
    private static readonly object[] WaitingSteps =
    [
        Event(1, "SALES_INVOICE_SUBMITTED"),
        Response(2, "SHOW_MESSAGE", 1, new { message = "submitted" }),
        Event(3, "SALES_INVOICE_POSTED", 2),
        Response(4, "SHOW_MESSAGE", 3, new { message = "posted" }),
    ];

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static async Task<string[]> CodesAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(t => t.GetProperty("code").GetString()!).ToArray();

    private static object Workflow(string code, string category, object[] steps) =>
        new { code, description = $"Workflow {code}", category, steps };

    [Fact]
    public async Task Categories_group_templates_and_workflows_and_filter_both_lists()
    {
        var (_, admin) = await servers.TenantAsync(TestDatabase.Sqlite);
        await OkAsync(await admin.PutAsJsonAsync("/api/v1/workflow-categories/TREASURY", new { description = "Treasury" }));
        await OkAsync(await admin.PostAsJsonAsync("/api/v1/workflows", Workflow("CASH-1", "TREASURY", WaitingSteps)));
        await OkAsync(await admin.PostAsJsonAsync("/api/v1/workflows/WF-CUSTAPW/copy", new { code = "CUST-1" }));

        var categories = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/workflow-categories")).EnumerateArray()
            .ToDictionary(c => c.GetProperty("code").GetString()!);
        Assert.Equal(["ADMIN", "FIN", "INT", "INV", "PURCH", "PURCHDOC", "SALES", "SALESDOC", "TREASURY"], categories.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Purchase Documents", categories["PURCHDOC"].GetProperty("description").GetString());
        Assert.True(categories["PURCHDOC"].GetProperty("builtIn").GetBoolean());
        Assert.Equal(7, categories["PURCHDOC"].GetProperty("templates").GetInt32());
        Assert.Equal(1, categories["SALES"].GetProperty("workflows").GetInt32());
        Assert.Equal(("Treasury", 0, 1), (categories["TREASURY"].GetProperty("description").GetString(),
            categories["TREASURY"].GetProperty("templates").GetInt32(), categories["TREASURY"].GetProperty("workflows").GetInt32()));

        Assert.Equal(["WF-BPOAPW", "WF-PCMAPW", "WF-PIAPW", "WF-PIW", "WF-POAPW", "WF-PQAPW", "WF-PROAPW"],
            (await CodesAsync(admin, "/api/v1/templates?category=PURCHDOC")).Order(StringComparer.Ordinal));
        Assert.Equal(["WF-INCDOC", "WF-INCDOCAPW"], await CodesAsync(admin, "/api/v1/templates?category=int"));
        Assert.Equal(["CASH-1"], await CodesAsync(admin, "/api/v1/workflows?category=TREASURY"));
        Assert.Equal(["CUST-1"], await CodesAsync(admin, "/api/v1/workflows?category=SALES"));

        // A category in use stays, and the answer says by how many workflows; Business Central's cannot be deleted.
        var inUse = await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/workflow-categories/TREASURY"), HttpStatusCode.Conflict);
        Assert.Contains("1 workflows have it", inUse.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/workflow-categories/PURCHDOC"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/workflow-categories/PURCHDOC", new { description = "Mine" }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/workflows/CASH-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/workflow-categories/TREASURY")).StatusCode);
        Assert.DoesNotContain("TREASURY", await CodesAsync(admin, "/api/v1/workflow-categories"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_removed_template_leaves_the_tenants_library_until_the_templates_are_reset(string provider)
    {
        var (server, admin) = await servers.TenantAsync(provider);
        var other = await server.CreateTenantAsync($"other-{provider}");
        await OkAsync(await admin.PostAsJsonAsync("/api/v1/workflows/WF-VENDAPW/copy", new { code = "VEND-1" }));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/templates/WF-VENDAPW")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/templates/wf-itemapw")).StatusCode);
        Assert.DoesNotContain("WF-VENDAPW", await CodesAsync(admin, "/api/v1/templates"));
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/workflows/WF-VENDAPW/copy", new { code = "VEND-2" }), HttpStatusCode.NotFound);
        // Only this tenant's library changed; the workflow copied before stays; the code stays a template's.
        Assert.Contains("WF-VENDAPW", await CodesAsync(other, "/api/v1/templates"));
        Assert.Contains("VEND-1", await CodesAsync(admin, "/api/v1/workflows"));
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/workflows", Workflow("WF-VENDAPW", "PURCH", WaitingSteps)), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/templates/NO-SUCH"), HttpStatusCode.NotFound);

        var reset = await OkAsync(await admin.PostAsync("/api/v1/templates/reset", null));
        Assert.Equal(["WF-VENDAPW", "WF-ITEMAPW"], reset.GetProperty("restored").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(await CodesAsync(other, "/api/v1/templates"), await CodesAsync(admin, "/api/v1/templates"));
        await OkAsync(await admin.PostAsJsonAsync("/api/v1/workflows/WF-VENDAPW/copy", new { code = "VEND-2" }));
        Assert.Empty((await OkAsync(await admin.PostAsync("/api/v1/templates/reset", null))).GetProperty("restored").EnumerateArray());
    }

    [Fact]
    public async Task A_plugins_templates_come_and_go_with_the_plugin_and_workflows_copied_from_them_stay()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        using var withPlugin = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic).Add("Workflow.Plugins.PurchasingSales");
        using var without = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic);

        await using (var server = new WorkflowServerFactory(database, withPlugin.Path))
        {
            var admin = server.AdminClient();
            Assert.Contains("WF-CUSTAPW", await CodesAsync(admin, "/api/v1/templates"));
            await OkAsync(await admin.PostAsJsonAsync("/api/v1/workflows/WF-CUSTAPW/copy", new { code = "CUST-APPROVAL" }));
        }

        await using (var server = new WorkflowServerFactory(database, without.Path))
        {
            var admin = server.AdminClient();
            Assert.Empty(await CodesAsync(admin, "/api/v1/templates"));
            await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/workflows/WF-CUSTAPW/copy", new { code = "CUST-2" }), HttpStatusCode.NotFound);
            // The copy is the tenant's and stays; it cannot be enabled while its events are missing.
            Assert.Contains("CUST-APPROVAL", await CodesAsync(admin, "/api/v1/workflows"));
            var refused = await new WorkflowApi(admin).EnableRefusedAsync("CUST-APPROVAL");
            Assert.Contains("CUSTOMER_APPROVAL_REQUESTED", refused.GetRawText());
        }

        await using (var server = new WorkflowServerFactory(database, withPlugin.Path))
            Assert.Contains("WF-CUSTAPW", await CodesAsync(server.AdminClient(), "/api/v1/templates"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Running_instances_are_counted_per_workflow_version_and_block_deletion_naming_how_many(string provider)
    {
        var (_, client) = await servers.TenantAsync(provider);
        var admin = new WorkflowApi(client);
        await admin.CreateAndEnableAsync("WAITING", WaitingSteps);
        await admin.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1");
        await admin.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-2");
        var version1 = (await client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WAITING")).GetProperty("version").GetInt64();

        // Disabled and edited, it is a new version; the two running instances keep theirs, a new one runs the new one.
        await OkAsync(await client.PostAsync("/api/v1/workflows/WAITING/disable", null));
        await OkAsync(await client.PutAsJsonAsync("/api/v1/workflows/WAITING", new { description = "Edited", steps = WaitingSteps }));
        await OkAsync(await client.PostAsync("/api/v1/workflows/WAITING/enable", null));
        await admin.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-3");

        var versions = await client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WAITING/instances");
        var current = versions.GetProperty("currentVersion").GetInt64();
        Assert.True(current > version1);
        Assert.Equal([(current, 1), (version1, 2)],
            versions.GetProperty("running").EnumerateArray().Select(v => (v.GetProperty("version").GetInt64(), v.GetProperty("running").GetInt32())).ToArray());

        await OkAsync(await client.PostAsync("/api/v1/workflows/WAITING/disable", null));
        var refused = await ProblemAssert.IsProblemAsync(await client.DeleteAsync("/api/v1/workflows/WAITING"), HttpStatusCode.Conflict);
        Assert.Contains("3 of its instances are still running", refused.GetProperty("detail").GetString());

        // Once they end (posted), the workflow can go.
        foreach (var invoice in new[] { "SI-1", "SI-2", "SI-3" })
            await admin.RaiseOkAsync("SALES_INVOICE_POSTED", "SALES_INVOICE", invoice);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WAITING/instances")).GetProperty("running").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/workflows/WAITING")).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/workflows/WAITING/instances"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_ended_instances_held_record_changes_move_to_the_archive_and_are_deleted_with_it(string provider)
    {
        var (server, administrator) = await servers.TenantAsync(provider);
        var scenario = await ApprovalScenario.StartAsync(server, administrator, "REQ", "APP");
        await scenario.SetupAsync("APP");
        await scenario.SetupAsync("REQ", approver: "APP");
        await scenario.GroupAsync("APPROVERS", ("APP", 1));
        await TemplateLibraryTests.CopyFillInAndEnableAsync(scenario.Admin, "WF-CCLCAPW", "CREDIT");
        await scenario.Admin.RaiseOkAsync("CUSTOMER_CREATED", "CUSTOMER", "C-1", new Dictionary<string, string> { ["Credit Limit (LCY)"] = "1000" });
        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("CUSTOMER_CHANGED", "CUSTOMER", "C-1", new Dictionary<string, string> { ["Credit Limit (LCY)"] = "4000" });
        var instanceId = raised.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        Assert.Empty(await administrator.GetFromJsonAsync<JsonElement[]>($"/api/v1/archived-record-changes?instanceId={instanceId}"));

        await scenario.ActOkAsync("APP", instanceId, "approve");

        var change = Assert.Single(await administrator.GetFromJsonAsync<JsonElement[]>("/api/v1/archived-record-changes?workflowCode=credit&recordType=customer"));
        Assert.Equal((instanceId, "C-1", "Credit Limit (LCY)", "1000", "4000", false, "Completed"),
            (change.GetProperty("instanceId").GetString(), change.GetProperty("recordId").GetString(), change.GetProperty("field").GetString(),
             change.GetProperty("oldValue").GetString(), change.GetProperty("newValue").GetString(), change.GetProperty("active").GetBoolean(),
             change.GetProperty("instanceStatus").GetString()));
        Assert.NotEmpty(await administrator.GetFromJsonAsync<JsonElement[]>($"/api/v1/archived-step-instances?instanceId={instanceId}"));
        Assert.Empty(await administrator.GetFromJsonAsync<JsonElement[]>("/api/v1/archived-record-changes?recordId=C-2"));

        await OkAsync(await administrator.DeleteAsync($"/api/v1/archived-step-instances?instanceId={instanceId}"));
        Assert.Empty(await administrator.GetFromJsonAsync<JsonElement[]>($"/api/v1/archived-record-changes?instanceId={instanceId}"));
        Assert.Empty(await administrator.GetFromJsonAsync<JsonElement[]>($"/api/v1/archived-step-instances?instanceId={instanceId}"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_set_of_workflows_exports_with_its_categories_and_imports_into_another_tenant_disabled(string provider)
    {
        var (server, source) = await servers.TenantAsync(provider);
        var target = await server.CreateTenantAsync($"target-{provider}");
        await OkAsync(await source.PutAsJsonAsync("/api/v1/workflow-categories/TREASURY", new { description = "Treasury" }));
        await OkAsync(await source.PostAsJsonAsync("/api/v1/workflows", Workflow("CASH-1", "TREASURY", WaitingSteps)));
        await OkAsync(await source.PostAsJsonAsync("/api/v1/workflows", Workflow("CASH-2", "TREASURY", WaitingSteps)));
        await OkAsync(await source.PostAsJsonAsync("/api/v1/workflows", Workflow("OTHER", "LOOSE", WaitingSteps)));
        await OkAsync(await source.PostAsync("/api/v1/workflows/CASH-1/enable", null));

        var file = await OkAsync(await source.GetAsync("/api/v1/export/workflows?category=TREASURY"));
        Assert.Equal("workflow-set/v1", file.GetProperty("format").GetString());
        Assert.Equal(["CASH-1", "CASH-2"], file.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("code").GetString()!).ToArray());
        Assert.Equal("Treasury", Assert.Single(file.GetProperty("categories").EnumerateArray()).GetProperty("description").GetString());
        var byCode = await OkAsync(await source.GetAsync("/api/v1/export/workflows?codes=OTHER,cash-2"));
        Assert.Equal(["CASH-2", "OTHER"], byCode.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("code").GetString()!).ToArray());
        // LOOSE is a code no category defines: it travels on its workflow only.
        Assert.Equal(["TREASURY"], byCode.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray());
        await OkAsync(await target.PostAsJsonAsync("/api/v1/workflows/import", byCode));
        Assert.Equal(["OTHER"], await CodesAsync(target, "/api/v1/workflows?category=LOOSE"));
        await ProblemAssert.IsProblemAsync(await source.GetAsync("/api/v1/export/workflows?codes=NOPE"), HttpStatusCode.NotFound);
        // A single workflow's file carries its category too.
        var one = await OkAsync(await source.GetAsync("/api/v1/workflows/CASH-2/export"));
        Assert.Equal(("TREASURY", "Treasury"), (one.GetProperty("categories")[0].GetProperty("code").GetString(), one.GetProperty("categories")[0].GetProperty("description").GetString()));

        var imported = await OkAsync(await target.PostAsJsonAsync("/api/v1/workflows/import", file));
        Assert.All(imported.GetProperty("workflows").EnumerateArray(), w => Assert.False(w.GetProperty("enabled").GetBoolean()));
        Assert.Equal(["CASH-1", "CASH-2"], await CodesAsync(target, "/api/v1/workflows?category=TREASURY"));
        var treasury = (await target.GetFromJsonAsync<JsonElement>("/api/v1/workflow-categories")).EnumerateArray().Single(c => c.GetProperty("code").GetString() == "TREASURY");
        Assert.Equal("Treasury", treasury.GetProperty("description").GetString());
        Assert.Equal(4, (await target.GetFromJsonAsync<JsonElement>("/api/v1/workflows/CASH-2")).GetProperty("steps").GetArrayLength());
        await OkAsync(await target.PostAsync("/api/v1/workflows/CASH-1/enable", null));

        // Importing it again overwrites the disabled one, but not one that is enabled: nothing of the file is written then.
        var again = await ProblemAssert.IsProblemAsync(await target.PostAsJsonAsync("/api/v1/workflows/import", file), HttpStatusCode.Conflict);
        Assert.Contains("CASH-1", again.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_naming_events_or_responses_no_plugin_provides_is_refused_listing_them_and_writes_nothing(string provider)
    {
        var (_, admin) = await servers.TenantAsync(provider);
        var file = new JsonObject
        {
            ["format"] = "workflow-set/v1",
            ["categories"] = new JsonArray(new JsonObject { ["code"] = "PAYROLL", ["description"] = "Payroll" }),
            ["workflows"] = new JsonArray(
                JsonSerializer.SerializeToNode(Workflow("GOOD", "PAYROLL", WaitingSteps)),
                JsonSerializer.SerializeToNode(Workflow("PAYROLL-RUN", "PAYROLL",
                [
                    Event(1, "PAYROLL_RUN_STARTED"),
                    Response(2, "SHOW_MESSAGE", 1, new { message = "started" }),
                    Event(3, "PAYROLL_RUN_POSTED", 2),
                    Response(4, "SEND_PAYSLIPS", 3),
                ]))),
        };

        var refused = await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/workflows/import", file), HttpStatusCode.BadRequest);
        var reasons = refused.GetProperty("errors").GetProperty("workflows").EnumerateArray().Select(r => r.GetString()!).ToArray();
        Assert.Equal(
            ["names events no loaded plugin provides: PAYROLL_RUN_POSTED, PAYROLL_RUN_STARTED.", "names responses no loaded plugin provides: SEND_PAYSLIPS."],
            reasons);
        Assert.Empty(await CodesAsync(admin, "/api/v1/workflows"));
        Assert.DoesNotContain("PAYROLL", await CodesAsync(admin, "/api/v1/workflow-categories"));

        // The single-workflow file is held to the same rule, under "workflow".
        var single = await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/workflows/import", new
        {
            format = "workflow-export/v1",
            workflow = Workflow("ONE", "SALES", [Event(1, "NO_SUCH_EVENT"), Response(2, "SHOW_MESSAGE", 1, new { message = "x" })]),
        }), HttpStatusCode.BadRequest);
        Assert.Contains("NO_SUCH_EVENT", single.GetProperty("errors").GetProperty("workflow")[0].GetString());
    }
}
