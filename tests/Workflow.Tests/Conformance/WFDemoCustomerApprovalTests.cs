using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134205 "WF Demo Customer Approval": sending a customer for approval through the customer
/// approval workflow (MS-CUSTAPW), canceling, approving, rejecting and delegating it, the restriction it puts on the
/// customer, and the workflow user group approving in sequence.
/// </summary>
public sealed class WFDemoCustomerApprovalTests
{
    /// <summary>SendCustomerForApprovalTest: the approver gets an Open entry for the customer.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task SendCustomerForApprovalTest(string provider) => RecordApproval.SendForApprovalAsync(provider, Customer);

    /// <summary>CancelCustomerApprovalRequestTest, CancelCustomerApprovalAllowsUsageTest: the entry is Canceled, the customer usable.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CancelCustomerApprovalRequestTest(string provider) => RecordApproval.CancelApprovalRequestAsync(provider, Customer);

    /// <summary>ApproveCustomerTest, ApproveCustomerApprovalAllowsUsageTest: the entry is Approved, the customer usable.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task ApproveCustomerTest(string provider) => RecordApproval.ApproveAsync(provider, Customer);

    /// <summary>RejectCustomerTest: the entry is Rejected.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task RejectCustomerTest(string provider) => RecordApproval.RejectAsync(provider, Customer);

    /// <summary>DeleteCustomerAfterApprovalRequestTest: the deleted customer takes its approval entries and comments with it.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task DeleteCustomerAfterApprovalRequestTest(string provider) => RecordApproval.DeleteAfterApprovalRequestAsync(provider, Customer);

    /// <summary>DelegateCustomerTest: the entry goes to the approver's substitute, still Open.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task DelegateCustomerTest(string provider) => RecordApproval.DelegateAsync(provider, Customer);

    private static async Task<ApprovalScenario> GroupOfApproversAsync(WorkflowServerFactory server, int secondSequence, int thirdSequence)
    {
        // CreateUserSetupsAndGroupOfApproversForWorkflow: the sender is the group's first member.
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "U2", "U3");
        foreach (var user in new[] { "REQ", "U2", "U3" })
            await scenario.SetupAsync(user);
        await scenario.GroupAsync("WG", ("REQ", 1), ("U2", secondSequence), ("U3", thirdSequence));
        return scenario;
    }

    private static readonly object GroupApprovers = new { approverType = "Workflow User Group", approverLimitType = "Direct Approver", workflowUserGroupCode = "WG" };

    /// <summary>
    /// RunCustomerApprovalWorkflowForWorkflowUserGroupWithIncrementalSequence: with the group in sequence 1, 2, 3 and
    /// the sender first, the sender's entry is Approved, the second Open, the third Created; approving the second opens
    /// the third; approving it completes the workflow and lifts the customer's restriction.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunCustomerApprovalWorkflowForWorkflowUserGroupWithIncrementalSequence(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server, 2, 3);
        await EnableRecordApprovalAsync(scenario, Customer, GroupApprovers);

        var request = await SendRecordOkAsync(scenario, "REQ", Customer, "C-1");
        Assert.Equal(["REQ:Approved", "U2:Open", "U3:Created"], await scenario.RecordEntriesAsync(Customer, "C-1"));

        await scenario.ActOkAsync("U2", request, "approve");
        Assert.Equal(["REQ:Approved", "U2:Approved", "U3:Open"], await scenario.RecordEntriesAsync(Customer, "C-1"));

        await scenario.ActOkAsync("U3", request, "approve");
        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(request)).GetProperty("status").GetString());
        Assert.Empty(await RestrictionsAsync(scenario, Customer, "C-1"));
    }
}
