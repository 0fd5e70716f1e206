using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134300 "Workflow Engine UT", the procedures on what a workflow definition may be: an
/// enabled workflow or a template is not edited or deleted, an event for another record type starts nothing, a
/// workflow is enabled only with one entry point that is an event, every step names a function and links to steps
/// other than itself, and an entry point's conditions decide which records start it.
/// </summary>
public sealed class WorkflowEngineUTTests
{
    /// <summary>A problem's detail and field errors, as one text.</summary>
    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString() + " " +
        (problem.TryGetProperty("errors", out var errors) ? string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(v => v.GetString()))) : "");

    private static readonly object[] Steps = [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "DO_NOTHING", 1)];

    /// <summary>
    /// TestWorkflowEditWhileEnabled, TestWorkflowTemplateDelete and TestWorkflowIsSkipped: editing the steps of an
    /// enabled workflow is refused ("Enabled workflows cannot be edited."), deleting a template too ("You cannot
    /// delete a workflow template."), and a record of another type than the workflow's entry event starts nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowEditWhileEnabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-UT", Steps);

        var edit = await admin.Client.PutAsJsonAsync("/api/v1/workflows/WF-UT", new
        {
            code = "WF-UT", description = "edited", category = "SALES", steps = new[] { Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "SHOW_MESSAGE", 1, new { message = "x" }) },
        });
        Assert.StartsWith("Enabled workflows cannot be edited.", await RefusalAsync(edit, HttpStatusCode.Conflict));
        var stored = await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/WF-UT");
        Assert.Equal("DO_NOTHING", stored.GetProperty("steps")[1].GetProperty("functionCode").GetString());

        // TestWorkflowTemplateDelete
        Assert.StartsWith("You cannot delete a workflow template",
            await RefusalAsync(await admin.Client.DeleteAsync("/api/v1/workflows/WF-PIAPW"), HttpStatusCode.Conflict));

        // TestCannotEnableTemplate and TestCannotEditStepFromTemplate: a template is neither enabled nor edited.
        Assert.StartsWith("Workflow templates cannot be edited.",
            await RefusalAsync(await admin.Client.PostAsync("/api/v1/workflows/WF-PIAPW/enable", null), HttpStatusCode.Conflict));
        Assert.StartsWith("Workflow templates cannot be edited.", await RefusalAsync(await admin.Client.PutAsJsonAsync("/api/v1/workflows/WF-PIAPW", new
        {
            code = "WF-PIAPW", description = "edited", category = "PURCH", steps = Steps,
        }), HttpStatusCode.Conflict));

        // TestWorkflowIsSkipped: the workflow starts from a purchase document event; a sales document's starts nothing.
        var other = await admin.RaiseOkAsync("SALES_DOCUMENT_APPROVAL_REQUESTED", Sales, "SO-1", new Dictionary<string, string> { ["Document Type"] = "Order" });
        Assert.Empty(other.GetProperty("startedInstances").EnumerateArray());
        Assert.Empty((await admin.InstancesAsync("?workflowCode=WF-UT")).EnumerateArray());
    }

    /// <summary>
    /// TestWorkflowResponseEntryPoint (the step without a previous step is a response: "Events can only be specified
    /// as entry points.") and TestWorkflowMultipleEntryPointsMultipleRoots (two steps without a previous step: "There
    /// can be only one left-aligned workflow step."): neither workflow is enabled.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowResponseEntryPoint(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var responseFirst = await admin.CreateAsync("WF-RESP", [new { id = 1, type = "Response", functionCode = "DO_NOTHING" }]);
        Assert.True(responseFirst.IsSuccessStatusCode, await responseFirst.Content.ReadAsStringAsync());
        var twoRoots = await admin.CreateAsync("WF-ROOTS", [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "DO_NOTHING", 1), Event(3, "PURCHASE_DOCUMENT_RELEASED")]);
        Assert.True(twoRoots.IsSuccessStatusCode, await twoRoots.Content.ReadAsStringAsync());

        var notAnEvent = await admin.EnableRefusedAsync("WF-RESP");
        var roots = await admin.EnableRefusedAsync("WF-ROOTS");

        Assert.True(Detail(notAnEvent).Contains("Events can only be specified as entry points", StringComparison.Ordinal), Detail(notAnEvent));
        Assert.True(Detail(roots).Contains("There can be only one left-aligned workflow step", StringComparison.Ordinal), Detail(roots));
        foreach (var code in new[] { "WF-RESP", "WF-ROOTS" })
            Assert.False((await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{code}")).GetProperty("enabled").GetBoolean());

        // TestWorkflowNoneEntryPointDeletedPreviousWorkflowStepId: a previous step that does not exist is refused
        // already when the workflow is saved, naming the step's field.
        var dangling = await admin.CreateAsync("WF-DANGLE", [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "DO_NOTHING", 1), Event(3, "PURCHASE_DOCUMENT_RELEASED", 1000000)]);
        await ProblemAssert.IsProblemAsync(dangling, HttpStatusCode.BadRequest, "steps[2].previousStepId");
        // TestPreviousWorkflowStepIdEqualsCurrentStepId: nor may a step follow itself.
        var itself = await admin.CreateAsync("WF-SELF", [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "DO_NOTHING", 2)]);
        await ProblemAssert.IsProblemAsync(itself, HttpStatusCode.BadRequest, "steps[1].previousStepId");
    }

    /// <summary>
    /// TestWorkflowMustApplySavedValues and TestWorkflowMustApplySavedValuesNoError: a workflow that reverts a changed
    /// field without a response applying the saved value is not enabled ("The workflow does not contain a response to
    /// apply the saved values to."); with APPLY_NEW_VALUES after the approval it is.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowMustApplySavedValues(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        object[] reverts =
        [
            Event(1, "CUSTOMER_CHANGED", changeConditions: new[] { new { field = "Credit Limit (LCY)", @operator = "Increased" } }),
            Response(2, "REVERT_FIELD_VALUE", 1, new { field = "Credit Limit (LCY)" }),
        ];
        Assert.True((await admin.CreateAsync("WF-REVERT", reverts)).IsSuccessStatusCode);

        var refused = await admin.EnableRefusedAsync("WF-REVERT");

        Assert.True(Detail(refused).Contains("The workflow does not contain a response to apply the saved values to", StringComparison.Ordinal), Detail(refused));
        await admin.CreateAndEnableAsync("WF-APPLY", [.. reverts, Event(3, "CUSTOMER_CHANGE_APPROVED", 2), Response(4, "APPLY_NEW_VALUES", 3)]);

        // TestWorkflowMustRevertAppliedValues: applying new values that no step saved is refused the same way.
        Assert.True((await admin.CreateAsync("WF-APPLY-ONLY", [reverts[0], Response(2, "APPLY_NEW_VALUES", 1)])).IsSuccessStatusCode);
        var applyOnly = Detail(await admin.EnableRefusedAsync("WF-APPLY-ONLY"));
        Assert.True(applyOnly.Contains("The workflow does not contain a response to revert and save the changed field values", StringComparison.Ordinal), applyOnly);
    }

    /// <summary>
    /// TestSameEventAsEntryPointError (a second workflow starting on the same event with no conditions: "One or more
    /// entry-point steps exist that use the same event on table …") and TestNonRelatedTablesThrowError (a purchase
    /// document event followed by a sales document event: "You must define a table relation between all records used
    /// in events."): neither is enabled.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestSameEventAsEntryPointError(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-FIRST", Steps);
        Assert.True((await admin.CreateAsync("WF-SECOND", Steps)).IsSuccessStatusCode);
        Assert.True((await admin.CreateAsync("WF-UNRELATED",
            [Event(1, "PURCHASE_DOCUMENT_RELEASED"), Response(2, "DO_NOTHING", 1), Event(3, "SALES_DOCUMENT_RELEASED", 2)])).IsSuccessStatusCode);

        var same = await admin.EnableRefusedAsync("WF-SECOND");
        var unrelated = await admin.EnableRefusedAsync("WF-UNRELATED");

        Assert.True(Detail(same).Contains("One or more entry-point steps exist that use the same event on table PURCHASE_DOCUMENT.", StringComparison.Ordinal), Detail(same));
        Assert.True(Detail(unrelated).Contains("you must define a table relation between all records used in events", StringComparison.OrdinalIgnoreCase), Detail(unrelated));
        foreach (var code in new[] { "WF-SECOND", "WF-UNRELATED" })
            Assert.False((await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{code}")).GetProperty("enabled").GetBoolean());
    }

    /// <summary>
    /// TestNonPaymentLineDoesNotGenerateNotification: a workflow on "a general journal line is created" with Document
    /// Type = Payment notifies a user; an invoice line creates no notification for them (a payment line does, so the
    /// workflow is not simply idle).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestNonPaymentLineDoesNotGenerateNotification(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("WF-PMT-NOTE",
        [
            Event(1, "GEN_JOURNAL_LINE_CREATED", conditions: new Dictionary<string, string> { ["Document Type"] = "Payment" }),
            Response(2, "CREATE_NOTIFICATION_ENTRY", 1, new { recipientUserId = "ADMIN", message = "A payment line" }),
        ]);

        await admin.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", "PAYMENT/DEFAULT/10000", WorkflowTriggerEventTests.JournalLine("Invoice"));
        await admin.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", "PAYMENT/DEFAULT/20000", WorkflowTriggerEventTests.JournalLine("Payment"));

        var notified = (await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Where(n => n.GetProperty("recipientUserId").GetString() == "ADMIN").Select(n => n.GetProperty("recordId").GetString()).ToArray();
        Assert.Equal(["PAYMENT/DEFAULT/20000"], notified);
    }

    /// <summary>
    /// TestWorkflowEntryPointsSameTableDifferentConditions: entry points on the same table with different conditions
    /// may be enabled together. Only a step without a previous step is an entry point here, so BC's second entry point
    /// of the same workflow is a second workflow; both enable, and each starts only for its own records.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestWorkflowEntryPointsSameTableDifferentConditions(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        foreach (var (code, date) in new[] { ("WF-EARLY", "2026-01-01"), ("WF-LATE", "2026-01-03") })
            await admin.CreateAndEnableAsync(code,
            [
                Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Date"] = date, ["Amount"] = ">500" }),
                Response(2, "DO_NOTHING", 1),
            ]);

        var early = await admin.RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", Purchase, "PI-1",
            new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Document Date"] = "2026-01-01", ["Amount"] = "900" });

        foreach (var code in new[] { "WF-EARLY", "WF-LATE" })
            Assert.True((await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{code}")).GetProperty("enabled").GetBoolean());
        Assert.Equal("WF-EARLY", Assert.Single(early.GetProperty("startedInstances").EnumerateArray()).GetProperty("workflowCode").GetString());
    }

    /// <summary>
    /// TestNextWorkflowStepIdEqualsCurrentStepId: a step whose next step is itself is refused when the workflow is saved
    /// (BC: "Next Workflow Step ID cannot be the same as ID …"), naming the step's field; nothing is stored.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestNextWorkflowStepIdEqualsCurrentStepId(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());

        var itself = await admin.CreateAsync("WF-NEXT", [Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "DO_NOTHING", 1, next: 2)]);

        await ProblemAssert.IsProblemAsync(itself, HttpStatusCode.BadRequest, "steps[1].nextStepId");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/api/v1/workflows/WF-NEXT")).StatusCode);
    }

    /// <summary>
    /// TestMissingEventFunctionNameError and TestMissingResponseFunctionNameError: a step without a function name (BC:
    /// "All workflow steps must have valid function names.") is refused when the workflow is saved, naming the step's
    /// functionCode; nothing is stored, so nothing can be enabled.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, "Event")]
    [InlineData(TestDatabase.Sqlite, "Response")]
    [InlineData(TestDatabase.Postgres, "Event")]
    [InlineData(TestDatabase.Postgres, "Response")]
    public async Task TestMissingFunctionNameError(string provider, string type)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());

        var unnamed = await admin.CreateAsync("WF-UNNAMED",
            [Event(1, "CUSTOMER_APPROVAL_REQUESTED"), new { id = 2, type, functionCode = "", previousStepId = 1 }]);

        await ProblemAssert.IsProblemAsync(unnamed, HttpStatusCode.BadRequest, "steps[1].functionCode");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/api/v1/workflows/WF-UNNAMED")).StatusCode);
    }

    /// <summary>
    /// TestEntryPointIsSubWorkflowError: an entry point of type Sub-Workflow is not enabled (BC: "Events can only be
    /// specified as entry points."). Sub-workflows are not a step type here, so the step is refused when the workflow is
    /// saved, naming its type.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestEntryPointIsSubWorkflowError(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());

        var subWorkflow = await admin.CreateAsync("WF-SUB", [new { id = 1, type = "Sub-Workflow", functionCode = "CUSTOMER_APPROVAL_REQUESTED" }]);

        await ProblemAssert.IsProblemAsync(subWorkflow, HttpStatusCode.BadRequest, "steps[0].type");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync("/api/v1/workflows/WF-SUB")).StatusCode);
    }
}
