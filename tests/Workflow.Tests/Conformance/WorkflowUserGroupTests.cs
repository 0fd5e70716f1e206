using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Conformance;

/// <summary>Business Central's codeunit 134324 "Workflow User Group Tests": a workflow user group and its members.</summary>
public sealed class WorkflowUserGroupTests
{
    /// <summary>
    /// DeletingWorkflowUserGroupDeletesItsMembers: deleting a group with three members deletes the members with it; none
    /// of them can be found afterwards, through the API or in the store.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeletingWorkflowUserGroupDeletesItsMembers(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "U1", "U2", "U3");
        foreach (var user in new[] { "U1", "U2", "U3" })
            await scenario.SetupAsync(user);
        await scenario.GroupAsync("GROUP", ("U1", 1), ("U2", 2), ("U3", 3));
        await using var storage = database.CreateProvider();
        await using var connection = await storage.OpenConnectionAsync();
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM workflow_user_group_members"));

        Assert.Equal(HttpStatusCode.NoContent, (await scenario.Admin.Client.DeleteAsync("/api/v1/workflow-user-groups/GROUP")).StatusCode);

        await ProblemAssert.IsProblemAsync(await scenario.Admin.Client.GetAsync("/api/v1/workflow-user-groups/GROUP"), HttpStatusCode.NotFound);
        Assert.Empty((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/workflow-user-groups")).EnumerateArray());
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM workflow_user_group_members"));
    }
}
