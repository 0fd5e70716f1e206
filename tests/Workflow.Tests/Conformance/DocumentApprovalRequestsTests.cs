using System.Net;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134204 "Document Approval - Requests": acting on some of several open requests
/// (CreateMultipleApprovalEntries: four invoices, each with one Open entry) leaves the others as they were; who may
/// delegate.
/// </summary>
public sealed class DocumentApprovalRequestsTests
{
    private static readonly string[] Invoices = ["PI-1", "PI-2", "PI-3", "PI-4"];

    /// <summary>
    /// Four purchase invoices sent by REQ, each with one Open entry for APPR (who has the substitute SUB); returns the
    /// request ids in invoice order.
    /// </summary>
    private static async Task<string[]> CreateMultipleApprovalEntriesAsync(ApprovalScenario scenario)
    {
        await scenario.SetupAsync("SUB", unlimited: true);
        await scenario.SetupAsync("APPR", unlimited: true, substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" });
        var requests = new List<string>();
        foreach (var invoice in Invoices)
            requests.Add(await scenario.RequestApprovalAsync("REQ", invoice, 500m));
        return [.. requests];
    }

    private static async Task<string[]> EntriesAsync(ApprovalScenario scenario) =>
        [.. (await Task.WhenAll(Invoices.Select(i => scenario.RecordEntriesAsync(Conformance.Purchase, i)))).Select(e => string.Join(",", e))];

    /// <summary>ApproveMultipleRequests: approving the 2nd and 3rd request approves their entries; the 1st and 4th stay Open.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApproveMultipleRequests(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        var requests = await CreateMultipleApprovalEntriesAsync(scenario);

        await scenario.ActOkAsync("APPR", requests[1], "approve");
        await scenario.ActOkAsync("APPR", requests[2], "approve");

        Assert.Equal(["APPR:Open", "APPR:Approved", "APPR:Approved", "APPR:Open"], await EntriesAsync(scenario));
    }

    /// <summary>RejectMultipleRequests: rejecting the 2nd and 3rd request rejects their entries; the 1st and 4th stay Open.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RejectMultipleRequests(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        var requests = await CreateMultipleApprovalEntriesAsync(scenario);

        await scenario.ActOkAsync("APPR", requests[1], "reject");
        await scenario.ActOkAsync("APPR", requests[2], "reject");

        Assert.Equal(["APPR:Open", "APPR:Rejected", "APPR:Rejected", "APPR:Open"], await EntriesAsync(scenario));
    }

    /// <summary>
    /// DelegateMultipleRequestsAsApprover, DelegateMultipleRequestAsSender, DelegateMultipleRequestAsAdministrator: the
    /// approver, the sender, or an approval administrator who is neither delegates the 2nd and 3rd request; those
    /// entries go to the approver's substitute, the 1st and 4th stay with the approver.
    /// </summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, "APPR")]
    [InlineData(TestDatabase.Sqlite, "REQ")]
    [InlineData(TestDatabase.Sqlite, "ADM")]
    [InlineData(TestDatabase.Postgres, "APPR")]
    [InlineData(TestDatabase.Postgres, "REQ")]
    [InlineData(TestDatabase.Postgres, "ADM")]
    public async Task DelegateMultipleRequests(string provider, string delegatedBy)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB", "ADM");
        await scenario.SetupAsync("ADM", approvalAdministrator: true);
        var requests = await CreateMultipleApprovalEntriesAsync(scenario);

        // Someone other than the approver names the entry they delegate, as Business Central's selection of entries does.
        object? entry = delegatedBy == "APPR" ? null : new { entryNo = 1 };
        await scenario.ActOkAsync(delegatedBy, requests[1], "delegate", entry);
        await scenario.ActOkAsync(delegatedBy, requests[2], "delegate", entry);

        Assert.Equal(["APPR:Open", "SUB:Open", "SUB:Open", "APPR:Open"], await EntriesAsync(scenario));
    }

    /// <summary>
    /// DelegateErrorWhenNoPermissionToDelegate: a user who is neither sender, approver nor approval administrator is
    /// refused with "You do not have permission to delegate one or more of the selected approval requests." and the
    /// entries stay with the approver.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DelegateErrorWhenNoPermissionToDelegate(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB", "OTHER");
        await scenario.SetupAsync("OTHER");
        var requests = await CreateMultipleApprovalEntriesAsync(scenario);

        var refused = await ProblemAssert.IsRefusalAsync(await scenario.ActAsync("OTHER", requests[1], "delegate"),
            "You do not have permission to delegate one or more of the selected approval requests.");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.GetProperty("status").GetInt32());

        Assert.Equal(["APPR:Open", "APPR:Open", "APPR:Open", "APPR:Open"], await EntriesAsync(scenario));
    }
}
