using System.Net;
using System.Net.Http.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// The scenarios Business Central's WF Demo Customer, Vendor and Item Approval codeunits each repeat for their record
/// type, against the record approval workflow (pattern P2). BC's SetupUsersForApprovals: the requester REQ has the
/// approver APPR; APPR's substitute is SUB (DelegateCustomerTest's SetSubstitute).
/// </summary>
public static class RecordApproval
{
    private const string No = "M-1";

    private static async Task<(WorkflowServerFactory Server, ApprovalScenario Scenario, string Request)> SentAsync(TestDatabase database, string recordType)
    {
        var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        await scenario.SetupAsync("SUB");
        await scenario.SetupAsync("APPR", substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, recordType);
        return (server, scenario, await SendRecordOkAsync(scenario, "REQ", recordType, No));
    }

    /// <summary>Send{X}ForApprovalTest: the approver gets an Open entry for the record, which is restricted.</summary>
    public static async Task SendForApprovalAsync(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, _) = await SentAsync(database, recordType);
        await using var __ = server;

        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, No));
        Assert.Equal([No], await scenario.InboxAsync("APPR"));
        Assert.StartsWith("The restriction was imposed by the", Assert.Single(await RestrictionsAsync(scenario, recordType, No)));
    }

    /// <summary>Cancel{X}ApprovalRequestTest and Cancel{X}ApprovalAllowsUsageTest: the entry is Canceled and the record no longer restricted.</summary>
    public static async Task CancelApprovalRequestAsync(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, _) = await SentAsync(database, recordType);
        await using var __ = server;

        await CancelRecordApprovalAsync(scenario, "REQ", recordType, No);

        Assert.Equal(["APPR:Canceled"], await scenario.RecordEntriesAsync(recordType, No));
        Assert.Empty(await RestrictionsAsync(scenario, recordType, No));
        Assert.Empty(await scenario.InboxAsync("APPR"));
    }

    /// <summary>Approve{X}Test and Approve{X}ApprovalAllowsUsageTest: the entry is Approved and the record no longer restricted.</summary>
    public static async Task ApproveAsync(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database, recordType);
        await using var __ = server;

        await scenario.ActOkAsync("APPR", request, "approve");

        Assert.Equal(["APPR:Approved"], await scenario.RecordEntriesAsync(recordType, No));
        Assert.Empty(await RestrictionsAsync(scenario, recordType, No));
        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(request)).GetProperty("status").GetString());
    }

    /// <summary>
    /// Reject{X}Test: the entry is Rejected. BC's reject branch has no Remove record restriction, so the record stays
    /// restricted.
    /// </summary>
    public static async Task RejectAsync(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database, recordType);
        await using var __ = server;

        await scenario.ActOkAsync("APPR", request, "reject");

        Assert.Equal(["APPR:Rejected"], await scenario.RecordEntriesAsync(recordType, No));
        Assert.Single(await RestrictionsAsync(scenario, recordType, No));
        Assert.Empty(await scenario.InboxAsync("APPR"));
    }

    /// <summary>Delegate{X}Test: the approver delegates; the entry, still Open, is the substitute's.</summary>
    public static async Task DelegateAsync(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database, recordType);
        await using var __ = server;

        await scenario.ActOkAsync("APPR", request, "delegate", new { entryNo = 1 });

        Assert.Equal(["SUB:Open"], await scenario.RecordEntriesAsync(recordType, No));
        Assert.Equal([No], await scenario.InboxAsync("SUB"));
        Assert.Empty(await scenario.InboxAsync("APPR"));
    }

    /// <summary>
    /// Delete{X}AfterApprovalRequestTest: the record, sent for approval and commented on, is deleted; its approval
    /// entries and comments go with it and its workflow instance no longer runs.
    /// </summary>
    public static async Task DeleteAfterApprovalRequestAsync(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (server, scenario, request) = await SentAsync(database, recordType);
        await using var __ = server;
        var commented = await scenario.As("APPR").PostAsJsonAsync($"/api/v1/approval-requests/{request}/comments", new { text = "Test" });
        Assert.True(commented.IsSuccessStatusCode, await commented.Content.ReadAsStringAsync());

        var deleted = await scenario.As("REQ").DeleteAsync($"/api/v1/records/{recordType}/{No}");

        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Empty(await scenario.RecordEntriesAsync(recordType, No));
        Assert.Empty(await scenario.InboxAsync("APPR"));
        Assert.NotEqual("Running", (await scenario.Admin.InstanceAsync(request)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync($"/api/v1/approval-requests/{request}")).StatusCode);
    }
}
