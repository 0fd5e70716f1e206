using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134213 "WF Demo Item Unit Pri Approval": a copy of the item unit price change approval
/// template (WF-IUPCAPW) routed to a workflow user group of three, the sender first (CreateUserSetupsAndGroupOfApproversForWorkflow):
/// the raised unit price is held until the group approves, discarded when rejected, and the change approval independent
/// of the item's own approval.
/// </summary>
public sealed class WFDemoItemUnitPriApprovalTests
{
    private const string UnitPrice = "Unit Price";

    private static async Task<ApprovalScenario> GroupOfApproversAsync(WorkflowServerFactory server, bool itemApproval = false, bool administrator = false)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "U2", "U3", "SUB");
        await scenario.SetupAsync("SUB");
        await scenario.SetupAsync("U2");
        await scenario.SetupAsync("U3", substitute: "SUB");
        // CreateUserSetupsWithApproversAndGroupOfApproversForWorkflow: the sender's approver is the intermediate one.
        await scenario.SetupAsync("REQ", approver: "U2", approvalAdministrator: administrator);
        await scenario.GroupAsync("WG", ("REQ", 1), ("U2", 2), ("U3", 3));
        await ChangeApprovalTests.EnableCopyAsync(scenario.Admin, "WF-IUPCAPW", "ITEM-PRICE", "WG");
        if (itemApproval)
            await EnableRecordApprovalAsync(scenario, Item);
        await scenario.Admin.RaiseOkAsync("ITEM_CREATED", Item, "I-1", new Dictionary<string, string> { ["No."] = "I-1", [UnitPrice] = "100" });
        return scenario;
    }

    /// <summary>CreateItemAndChangeUnitPriceAndSendForApproval: the sender raises the unit price; returns the change approval's request id.</summary>
    private static async Task<string> ChangeUnitPriceAsync(ApprovalScenario scenario, string newPrice)
    {
        var raised = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("ITEM_CHANGED", Item, "I-1", new Dictionary<string, string> { [UnitPrice] = newPrice });
        return Assert.Single(raised.GetProperty("startedInstances").EnumerateArray()).GetProperty("instanceId").GetString()!;
    }

    private static async Task<string[]> EntriesAsync(ApprovalScenario scenario, string request) =>
        ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request));

    /// <summary>VerifyChangeRecordExists / VerifyChangeRecordDoesNotExist: whether the change's held value is still waiting.</summary>
    private static async Task<bool> ChangeHeldAsync(ApprovalScenario scenario, string request) =>
        (await scenario.Admin.InstanceAsync(request)).GetProperty("heldChanges").EnumerateArray().Any(h => h.GetProperty("active").GetBoolean());

    /// <summary>
    /// TestItemUnitPriceChangeApprovalWorkflow: the change is held; the sender's entry is Approved, the second Open, the
    /// third Created; both approve in turn; every entry is Approved, nothing is held and the new unit price applies.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestItemUnitPriceChangeApprovalWorkflow(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server);

        var request = await ChangeUnitPriceAsync(scenario, "250");
        Assert.True(await ChangeHeldAsync(scenario, request));
        Assert.Equal("100", await scenario.Admin.FieldAsync(Item, "I-1", UnitPrice));
        Assert.Equal(["REQ:Approved", "U2:Open", "U3:Created"], await EntriesAsync(scenario, request));

        await scenario.ActOkAsync("U2", request, "approve");
        Assert.Equal(["REQ:Approved", "U2:Approved", "U3:Open"], await EntriesAsync(scenario, request));

        await scenario.ActOkAsync("U3", request, "approve");
        Assert.Equal(["REQ:Approved", "U2:Approved", "U3:Approved"], await EntriesAsync(scenario, request));
        Assert.False(await ChangeHeldAsync(scenario, request));
        Assert.Equal("250", await scenario.Admin.FieldAsync(Item, "I-1", UnitPrice));
    }

    /// <summary>
    /// TestItemUnitPriceChangeApprovalWorkflowRejectionPathFirstApprover: the first approver rejects; every entry is
    /// Rejected, nothing is held and the item keeps its old unit price.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestItemUnitPriceChangeApprovalWorkflowRejectionPathFirstApprover(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server);
        var request = await ChangeUnitPriceAsync(scenario, "250");

        await scenario.ActOkAsync("U2", request, "reject");

        Assert.Equal(["REQ:Rejected", "U2:Rejected", "U3:Rejected"], await EntriesAsync(scenario, request));
        Assert.False(await ChangeHeldAsync(scenario, request));
        Assert.Equal("100", await scenario.Admin.FieldAsync(Item, "I-1", UnitPrice));
    }

    /// <summary>
    /// TestItemUnitPriceChangeApprovalWorkflowDelegationPath: the second approver approves, the third delegates to a
    /// substitute, who approves; every entry is Approved and the new unit price applies.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestItemUnitPriceChangeApprovalWorkflowDelegationPath(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server);
        var request = await ChangeUnitPriceAsync(scenario, "250");

        await scenario.ActOkAsync("U2", request, "approve");
        await scenario.ActOkAsync("U3", request, "delegate", new { entryNo = 3 });
        Assert.Equal(["REQ:Approved", "U2:Approved", "SUB:Open"], await EntriesAsync(scenario, request));
        await scenario.ActOkAsync("SUB", request, "approve");

        Assert.Equal(["REQ:Approved", "U2:Approved", "SUB:Approved"], await EntriesAsync(scenario, request));
        Assert.False(await ChangeHeldAsync(scenario, request));
        Assert.Equal("250", await scenario.Admin.FieldAsync(Item, "I-1", UnitPrice));
    }

    /// <summary>
    /// TestItemUnitPriceChangeAndItemApprovalWorkflowRejection: with the unit price change and the item itself both
    /// sent for approval (four entries for the item), rejecting the change leaves the item's approval Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestItemUnitPriceChangeAndItemApprovalWorkflowRejection(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server, itemApproval: true);
        var change = await ChangeUnitPriceAsync(scenario, "250");
        var itemRequest = await SendRecordOkAsync(scenario, "REQ", Item, "I-1");
        Assert.Equal(4, (await scenario.RecordEntriesAsync(Item, "I-1")).Length);

        await scenario.ActOkAsync("U2", change, "reject");

        Assert.Equal(["REQ:Rejected", "U2:Rejected", "U3:Rejected"], await EntriesAsync(scenario, change));
        Assert.Equal(["U2:Open"], await EntriesAsync(scenario, itemRequest));
    }

    public static TheoryData<string, bool> ProvidersAndAdministrator()
    {
        var rows = new TheoryData<string, bool>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var administrator in new[] { false, true })
                rows.Add(provider, administrator);
        return rows;
    }

    /// <summary>
    /// TestItemUnitPriceChangeAndItemApprovalWorkflowCancelation and …CancelationApprovalAdmin (the sender also an
    /// approval administrator): with both sent for approval, canceling the item's approval leaves the unit price
    /// change's entries as they were.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndAdministrator))]
    public async Task TestItemUnitPriceChangeAndItemApprovalWorkflowCancelation(string provider, bool administrator)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server, itemApproval: true, administrator);
        var change = await ChangeUnitPriceAsync(scenario, "250");
        var itemRequest = await SendRecordOkAsync(scenario, "REQ", Item, "I-1");
        Assert.Equal(4, (await scenario.RecordEntriesAsync(Item, "I-1")).Length);

        await CancelRecordApprovalAsync(scenario, "REQ", Item, "I-1");

        Assert.Equal(["U2:Canceled"], await EntriesAsync(scenario, itemRequest));
        Assert.Equal(["REQ:Approved", "U2:Open", "U3:Created"], await EntriesAsync(scenario, change));
        Assert.True(await ChangeHeldAsync(scenario, change));
    }

    /// <summary>
    /// TestItemUnitPriceChangeApprovalWorkflowWithComments: the approval path of TestItemUnitPriceChangeApprovalWorkflow
    /// with the request's comments looked at on the way (Approval Comments from the entries and from Requests to
    /// Approve): none before approving, and the approvals apply the new unit price.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestItemUnitPriceChangeApprovalWorkflowWithComments(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await GroupOfApproversAsync(server);
        var request = await ChangeUnitPriceAsync(scenario, "250");

        foreach (var user in new[] { "REQ", "U2" })
        {
            var seen = await scenario.As(user).GetFromJsonAsync<JsonElement>($"/api/v1/approval-requests/{request}");
            Assert.Empty(seen.GetProperty("comments").EnumerateArray());
        }
        await scenario.ActOkAsync("U2", request, "approve");
        await scenario.ActOkAsync("U3", request, "approve");

        Assert.Equal(["REQ:Approved", "U2:Approved", "U3:Approved"], await EntriesAsync(scenario, request));
        Assert.Equal("250", await scenario.Admin.FieldAsync(Item, "I-1", UnitPrice));
    }
}
