using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Api;

/// <summary>
/// Input at the edges of the API: what a client can send that the stores cannot keep or that would do more than asked.
/// Each refusal is a 400 naming the field and leaves everything as it was.
/// </summary>
public sealed class InputEdgeTests
{
    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_record_type_and_id_pair_never_shares_its_record_with_another_pair(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new WorkflowApi(server.AdminClient());

        await api.RaiseOkAsync("RECORD_CREATED", "X", "Y/a/b", new { Owner = "first" });
        // ("X/Y", "a/b") would be the same grain key as ("X", "Y/a/b"): a record type holds no slash.
        var response = await api.RaiseAsync("RECORD_CREATED", "X/Y", "a/b", new { Owner = "second" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "recordType");
        Assert.Contains("/", problem.GetProperty("errors").GetProperty("recordType")[0].GetString());
        var record = await api.RecordAsync("X", "Y/a/b");
        Assert.Equal("X", record.GetProperty("recordType").GetString());
        Assert.Equal("Y/a/b", record.GetProperty("recordId").GetString());
        Assert.Equal("first", record.GetProperty("fields").GetProperty("Owner").GetString());
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/records/X%2FY/a%2Fb"), HttpStatusCode.BadRequest, "recordType");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_null_character_in_a_body_query_or_path_is_a_400_naming_the_field_and_nothing_is_stored(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();

        await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/users", """{"userId": "NUL", "displayName": "a\u0000b"}"""),
            HttpStatusCode.BadRequest, "displayName");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/users/NUL"), HttpStatusCode.NotFound);

        await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/events/raise",
            """{"eventCode": "RECORD_CREATED", "recordType": "NOTE", "recordId": "N-1", "fields": {"Owner": "x\u0000"}}"""),
            HttpStatusCode.BadRequest, "fields.Owner");
        await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/events/raise",
            """{"eventCode": "RECORD_CREATED", "recordType": "NOTE", "recordId": "N-1", "fields": {"Own\u0000er": "x"}}"""),
            HttpStatusCode.BadRequest, "fields");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/records/NOTE/N-1"), HttpStatusCode.NotFound);

        await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/workflows",
            """{"code": "NUL-WF", "description": "d", "steps": [{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED", "conditions": {"Owner": "\u0000"}}]}"""),
            HttpStatusCode.BadRequest, "steps[0].conditions.Owner");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/workflows/NUL-WF"), HttpStatusCode.NotFound);

        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/instances?recordId=a%00b"), HttpStatusCode.BadRequest, "recordId");
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/v1/workflows/NUL-WF/enable?force=%00", null), HttpStatusCode.BadRequest, "force");
        // A path never carries one: ASP.NET Core's URL decoder refuses the request before it reaches the API.
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_query_parameters_are_refused_and_deleting_the_whole_archive_takes_all_true(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new WorkflowApi(server.AdminClient());
        await api.CreateAndEnableAsync("NOTE-SEEN", [Event(1, "RECORD_CREATED"), Response(2, "SHOW_MESSAGE", 1, new { message = "seen" })]);
        await api.RaiseOkAsync("RECORD_CREATED", "NOTE", "N-1");
        await api.RaiseOkAsync("RECORD_CREATED", "NOTE", "N-2");
        async Task<int> ArchivedAsync() => (await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances")).GetArrayLength();
        var archived = await ArchivedAsync();
        Assert.Equal(4, archived);

        await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/archived-step-instances?workflowcode_typo=NONE"),
            HttpStatusCode.BadRequest, "workflowcode_typo");
        await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/archived-step-instances"), HttpStatusCode.BadRequest, "all");
        await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/archived-step-instances?all=true&recordId=N-1"), HttpStatusCode.BadRequest, "all");
        Assert.Equal(archived, await ArchivedAsync());

        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/instances?stauts=Running"), HttpStatusCode.BadRequest, "stauts");
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/workflows?enabled=true"), HttpStatusCode.BadRequest, "enabled");
        await ProblemAssert.IsProblemAsync(await api.Client.PostAsync("/api/v1/workflows/NOTE-SEEN/disable?force=1", null), HttpStatusCode.BadRequest, "force");
        Assert.True((await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflows/NOTE-SEEN")).GetProperty("enabled").GetBoolean());
        // Declared parameters bind whatever their case, as ASP.NET Core binds them.
        Assert.Equal(2, (await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances?RECORDID=N-1")).GetArrayLength());

        var one = await api.Client.DeleteAsync("/api/v1/archived-step-instances?recordId=N-1");
        Assert.Equal(2, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
        var all = await api.Client.DeleteAsync("/api/v1/archived-step-instances?all=true");
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
        Assert.Equal(0, await ArchivedAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Step_options_and_conditions_take_numbers_and_booleans_as_their_text_and_refuse_objects_and_arrays(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();
        const string steps = """
            [{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED", "conditions": {"Owner": 42} },
             {"id": 2, "type": "Response", "functionCode": "APPLY_NEW_VALUES", "previousStepId": 1, "options": {"applyAllNewValues": false, "field": "Owner"} }]
            """;

        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(admin, "/api/v1/workflows", $$"""{"code": "TYPED", "description": "d", "steps": {{steps}} }""")).StatusCode);

        var saved = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/workflows/TYPED")).GetProperty("steps");
        Assert.Equal("42", saved[0].GetProperty("conditions").GetProperty("Owner").GetString());
        Assert.Equal("false", saved[1].GetProperty("options").GetProperty("applyAllNewValues").GetString());
        foreach (var (value, field) in new[] { ("[1]", "steps[1].options"), ("{\"a\": 1}", "steps[1].options") })
        {
            var refused = $$"""{"code": "UNTYPED", "description": "d", "steps": [{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED"}, {"id": 2, "type": "Response", "functionCode": "SHOW_MESSAGE", "previousStepId": 1, "options": {"message": {{value}} } }]}""";
            await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/workflows", refused), HttpStatusCode.BadRequest, field);
        }
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/workflows/UNTYPED"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Undefined_enum_values_negative_sequence_numbers_and_overlong_text_are_refused_at_save(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();

        async Task RefusedAsync(string code, string step, string field, string extra = "")
        {
            var json = $$"""{"code": "{{code}}", "description": "d"{{extra}}, "steps": [{{step}}]}""";
            await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/workflows", json), HttpStatusCode.BadRequest, field);
            await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/workflows/{code}"), HttpStatusCode.NotFound);
            var import = $$"""{"format": "workflow-export/v1", "workflow": {"code": "{{code}}", "description": "d"{{extra}}, "steps": [{{step}}]} }""";
            await ProblemAssert.IsProblemAsync(await PostJsonAsync(admin, "/api/v1/workflows/import", import), HttpStatusCode.BadRequest, $"workflow.{field}");
            await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/workflows/{code}"), HttpStatusCode.NotFound);
        }

        await RefusedAsync("TYPE-99", """{"id": 1, "type": 99, "functionCode": "RECORD_CREATED"}""", "steps[0].type");
        await RefusedAsync("TYPE-NAME", """{"id": 1, "type": "Condition", "functionCode": "RECORD_CREATED"}""", "steps[0].type");
        await RefusedAsync("OPERATOR-7", """{"id": 1, "type": "Event", "functionCode": "RECORD_CHANGED", "changeConditions": [{"field": "Owner", "operator": 7}]}""",
            "steps[0].changeConditions[0].operator");
        await RefusedAsync("NEGATIVE-SEQ", """{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED", "sequenceNo": -1}""", "steps[0].sequenceNo");
        var longDescription = new string('d', 101);
        await RefusedAsync("LONG-STEP", $$"""{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED", "description": "{{longDescription}}"}""", "steps[0].description");
        var longFilter = new string('a', 251);
        await RefusedAsync("LONG-FILTER", $$"""{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED", "conditions": {"Owner": "{{longFilter}}"} }""",
            "steps[0].conditions.Owner");
        await RefusedAsync("LONG-CAT", """{"id": 1, "type": "Event", "functionCode": "RECORD_CREATED"}""", "category", $", \"category\": \"{new string('C', 21)}\"");

        // An export holds only what a save accepted: a workflow with every value at its limit comes back as sent.
        var atLimits = $$"""
            {"code": "{{new string('L', 20)}}", "description": "{{new string('d', 100)}}", "category": "{{new string('C', 20)}}", "steps": [
              {"id": 1, "type": "Event", "functionCode": "RECORD_CREATED", "sequenceNo": 0, "description": "{{new string('s', 100)}}",
               "conditions": {"{{new string('F', 30)}}": "{{new string('v', 250)}}"} }]}
            """;
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(admin, "/api/v1/workflows", atLimits)).StatusCode);
        var exported = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{new string('L', 20)}/export");
        var step = exported.GetProperty("workflow").GetProperty("steps")[0];
        Assert.Equal("Event", step.GetProperty("type").GetString());
        Assert.Equal(new string('v', 250), step.GetProperty("conditions").GetProperty(new string('F', 30)).GetString());

        // Raised records: field names as long as Business Central's (30), values as long as its text fields (250).
        var api = new WorkflowApi(admin);
        await ProblemAssert.IsProblemAsync(await api.RaiseAsync("RECORD_CREATED", "NOTE", "N-1", new Dictionary<string, string> { ["Owner"] = longFilter }),
            HttpStatusCode.BadRequest, "fields.Owner");
        await ProblemAssert.IsProblemAsync(await api.RaiseAsync("RECORD_CREATED", "NOTE", "N-1", new Dictionary<string, string> { [new string('F', 31)] = "x" }),
            HttpStatusCode.BadRequest, "fields");
        await ProblemAssert.IsProblemAsync(await api.RaiseAsync("RECORD_CREATED", new string('T', 31), "N-1"), HttpStatusCode.BadRequest, "recordType");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/records/NOTE/N-1"), HttpStatusCode.NotFound);

        // Group members: a negative sequence number is refused like 0.
        var setup = new ApprovalSetupApi(admin);
        await setup.AddUsersAsync("ANN");
        await ApprovalSetupApi.RefusedAsync(await setup.PutGroupAsync("G1", new { description = "g", members = new[] { new { userId = "ANN", sequenceNo = -1 } } }),
            "members[0].sequenceNo", "1 or more");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/workflow-user-groups/G1"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_an_unknown_approval_setup_or_user_group_is_a_404_that_writes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var setup = new ApprovalSetupApi(server.AdminClient());
        await setup.AddUsersAsync("ANN");
        await setup.SetApproverAsync("ANN", null);
        var revision = await SetupRevisionAsync(database);
        Assert.NotNull(revision);

        await ProblemAssert.IsProblemAsync(await setup.Client.DeleteAsync("/api/v1/approval-user-setup/NOBODY"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await setup.Client.DeleteAsync("/api/v1/workflow-user-groups/NO-GROUP"), HttpStatusCode.NotFound);

        Assert.Equal(revision, await SetupRevisionAsync(database));
        Assert.Equal(HttpStatusCode.NoContent, (await setup.Client.DeleteAsync("/api/v1/approval-user-setup/ANN")).StatusCode);
        Assert.Equal(revision + 1, await SetupRevisionAsync(database));
    }

    /// <summary>The tenant's approval setup revision: every committed setup change moves it, so it shows whether one was written.</summary>
    private static async Task<long?> SetupRevisionAsync(TestDatabase database)
    {
        await using var storage = database.CreateProvider();
        await using var connection = await storage.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT revision FROM approval_setup_revisions WHERE tenant_id = 'default'";
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt64(value) : null;
    }

    [Fact]
    public async Task The_last_line_of_test_sh_is_the_passed_and_failed_counts()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "test.sh")))
            root = root.Parent;
        Assert.NotNull(root);
        // A solution that does not exist fails before any test runs: the quickest way through the summary.
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["test.sh"])
        {
            WorkingDirectory = root.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["WORKFLOW_SOLUTION"] = "no-such.sln", ["WORKFLOW_TEST_POSTGRES"] = "Host=127.0.0.1" },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal("0 passed, 1 failed", output.TrimEnd('\n').Split('\n')[^1]);
    }
}
