using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134211 "WF Demo Vendor Approval": sending a vendor for approval through the vendor
/// approval workflow (MS-VENDAPW), canceling, approving, rejecting and delegating it, a workflow user group approving
/// in turn, and the purchaser's user as approver.
/// </summary>
public sealed class WFDemoVendorApprovalTests
{
    /// <summary>SendVendorForApprovalTest: the approver gets an Open entry for the vendor.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task SendVendorForApprovalTest(string provider) => RecordApproval.SendForApprovalAsync(provider, Vendor);

    /// <summary>CancelVendorApprovalRequestTest: the entry is Canceled.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CancelVendorApprovalRequestTest(string provider) => RecordApproval.CancelApprovalRequestAsync(provider, Vendor);

    /// <summary>ApproveVendorTest: the entry is Approved.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task ApproveVendorTest(string provider) => RecordApproval.ApproveAsync(provider, Vendor);

    /// <summary>RejectVendorTest: the entry is Rejected.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task RejectVendorTest(string provider) => RecordApproval.RejectAsync(provider, Vendor);

    /// <summary>DeleteVendorAfterApprovalRequestTest: the deleted vendor takes its approval entries and comments with it.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task DeleteVendorAfterApprovalRequestTest(string provider) => RecordApproval.DeleteAfterApprovalRequestAsync(provider, Vendor);

    /// <summary>DelegateVendorTest: the entry goes to the approver's substitute, still Open.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task DelegateVendorTest(string provider) => RecordApproval.DelegateAsync(provider, Vendor);

    /// <summary>
    /// ApproveVendorWithNotificationTest: a copy of the vendor approval workflow routed to a workflow user group of three
    /// (the sender first, in sequence 1, 2, 3) with a notification step after sending; the two other members approve in
    /// turn, the workflow completes and every entry is Approved.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApproveVendorWithNotificationTest(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "U2", "U3");
        foreach (var user in new[] { "REQ", "U2", "U3" })
            await scenario.SetupAsync(user);
        await scenario.GroupAsync("WG", ("REQ", 1), ("U2", 2), ("U3", 3));
        await EnableRecordApprovalAsync(scenario, Vendor,
            new { approverType = "Workflow User Group", approverLimitType = "Direct Approver", workflowUserGroupCode = "WG" }, notify: "U3");

        var request = await SendRecordOkAsync(scenario, "REQ", Vendor, "V-1");
        await scenario.ActOkAsync("U2", request, "approve");
        await scenario.ActOkAsync("U3", request, "approve");

        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(request)).GetProperty("status").GetString());
        Assert.Equal(["REQ:Approved", "U2:Approved", "U3:Approved"], await scenario.RecordEntriesAsync(Vendor, "V-1"));
    }

    /// <summary>
    /// VendorApprovalWorkflowSalesPersonPurchaserApprovalType: with approver type Salesperson/Purchaser, a vendor whose
    /// Purchaser Code is the approver's is sent without error and the approver's entry is Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task VendorApprovalWorkflowSalesPersonPurchaserApprovalType(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);
        await EnableRecordApprovalAsync(scenario, Vendor, new { approverType = "Salesperson/Purchaser", approverLimitType = "Direct Approver" });

        await SendRecordOkAsync(scenario, "REQ", Vendor, "V-1", new Dictionary<string, string> { ["Name"] = "Fabrikam", ["Purchaser Code"] = "APPR" });

        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(Vendor, "V-1"));
    }

    /// <summary>
    /// TestChangeInApprovalEntriesVisibleInVendorApprovalsPage: after the approver delegates, the vendor's approval
    /// entries (the Approval Entries page opened from the vendor) show the delegated entry to its sender.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestChangeInApprovalEntriesVisibleInVendorApprovalsPage(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "SUB");
        await scenario.SetupAsync("SUB");
        await scenario.SetupAsync("APPR", substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, Vendor);
        var request = await SendRecordOkAsync(scenario, "REQ", Vendor, "V-1");
        await scenario.ActOkAsync("APPR", request, "delegate", new { entryNo = 1 });

        var entries = await scenario.As("REQ").GetFromJsonAsync<JsonElement>($"/api/v1/approvals/entries?recordType={Vendor}&recordId=V-1");
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal(("SUB", "Open"), (entry.GetProperty("approverId").GetString(), entry.GetProperty("status").GetString()));
    }
}
