using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134307 "Workflow Cond. Eval. Tests": a condition on the entry point starts an
/// instance only for records that meet it; a condition on a later event lets the instance go on only for them; of
/// sibling events the one whose condition holds is taken, the first in step order when several hold. The conditions
/// are on purchase invoice fields (Buy-from Vendor Name, Amount), the events the purchase document's.
/// </summary>
public sealed class WorkflowCondEvalTests
{
    private const string Requested = "PURCHASE_DOCUMENT_APPROVAL_REQUESTED";
    private const string Released = "PURCHASE_DOCUMENT_RELEASED";

    private static Dictionary<string, string> Invoice(string vendorName, string amount = "0") =>
        new() { ["Document Type"] = "Invoice", ["Buy-from Vendor Name"] = vendorName, ["Amount"] = amount };

    private static async Task<WorkflowApi> AdminAsync(WorkflowServerFactory server, object[] steps)
    {
        var admin = new WorkflowApi(server.AdminClient());
        await admin.CreateAndEnableAsync("COND-EVAL", steps);
        return admin;
    }

    public static TheoryData<string, string, string> ProvidersAndEntryConditions()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabase.Providers)
        {
            rows.Add(provider, "Buy-from Vendor Name", "Contoso");
            rows.Add(provider, "Amount", ">100");
        }
        return rows;
    }

    /// <summary>
    /// WorkflowInstanceIsCreatedOnlyIfCondOnEntryPointIsMet (vendor name) and …CondOnEntryPointIsMetFlowfield (Amount
    /// &gt; 100): the invoice that does not meet the condition starts nothing; the one that does starts an instance.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndEntryConditions))]
    public async Task WorkflowInstanceIsCreatedOnlyIfCondOnEntryPointIsMet(string provider, string field, string filter)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = await AdminAsync(server,
        [
            Event(1, Requested, conditions: new Dictionary<string, string> { [field] = filter }),
            Response(2, "DO_NOTHING", 1),
            Event(3, Released, 2),
        ]);

        var different = await admin.RaiseOkAsync(Requested, Purchase, "PI-2", Invoice("Fabrikam", "0"));
        var meeting = await admin.RaiseOkAsync(Requested, Purchase, "PI-1", Invoice("Contoso", "150"));

        Assert.Empty(different.GetProperty("startedInstances").EnumerateArray());
        var started = Assert.Single(meeting.GetProperty("startedInstances").EnumerateArray());
        Assert.Equal("COND-EVAL", started.GetProperty("workflowCode").GetString());
    }

    /// <summary>
    /// WorkflowStepIsExecutedOnlyIfConditionIsMet: the second event has a vendor-name condition; raised for an
    /// invoice of another vendor it finds no waiting step (a running instance waits on the invoice that started it);
    /// for the started invoice with the vendor's name, the instance takes it.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WorkflowStepIsExecutedOnlyIfConditionIsMet(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = await AdminAsync(server,
        [
            Event(1, Requested),
            Response(2, "DO_NOTHING", 1),
            Event(3, Released, 2, new Dictionary<string, string> { ["Buy-from Vendor Name"] = "Contoso" }),
            Response(4, "DO_NOTHING", 3),
        ]);
        var instance = Assert.Single((await admin.RaiseOkAsync(Requested, Purchase, "PI-1", Invoice("Contoso"))).GetProperty("startedInstances").EnumerateArray())
            .GetProperty("instanceId").GetString()!;

        var notMet = await admin.RaiseOkAsync(Released, Purchase, "PI-1", Invoice("Fabrikam"));
        Assert.Empty(notMet.GetProperty("continuedInstances").EnumerateArray());
        Assert.Equal("Running", (await admin.InstanceAsync(instance)).GetProperty("status").GetString());

        var met = await admin.RaiseOkAsync(Released, Purchase, "PI-1", Invoice("Contoso"));
        Assert.Equal(instance, Assert.Single(met.GetProperty("continuedInstances").EnumerateArray()).GetProperty("instanceId").GetString());
        Assert.Equal("Completed", (await admin.InstanceAsync(instance)).GetProperty("status").GetString());
    }

    /// <summary>
    /// CorrectBranchIsSelectedAfterConditionEvaluation (one sibling's vendor name is someone else's, the other's the
    /// invoice's) and …RespectingStepOrder (Amount &lt; 1000 first, &lt; 100 second, both holding for an amount of 50):
    /// the branch taken is the one whose condition holds, the first in step order when both do.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CorrectBranchIsSelectedAfterConditionEvaluation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = await AdminAsync(server,
        [
            Event(1, Requested),
            Response(2, "DO_NOTHING", 1),
            Event(3, Released, 2, new Dictionary<string, string> { ["Buy-from Vendor Name"] = "Tailspin" }),
            Response(4, "DO_NOTHING", 3),
            Event(5, Released, 2, new Dictionary<string, string> { ["Buy-from Vendor Name"] = "Contoso" }, sequenceNo: 2),
            Response(6, "DO_NOTHING", 5),
            Event(7, Released, 2, new Dictionary<string, string> { ["Amount"] = "<1000" }, sequenceNo: 3),
            Response(8, "DO_NOTHING", 7),
            Event(9, Released, 2, new Dictionary<string, string> { ["Amount"] = "<100" }, sequenceNo: 4),
            Response(10, "DO_NOTHING", 9),
        ]);

        // CorrectBranchIsSelectedAfterConditionEvaluation: the vendor-name branch of the invoice's vendor.
        var byName = await StartAndReleaseAsync(admin, "PI-1", Invoice("Contoso", "5000"));
        Assert.Equal("Completed", StepStatus(byName, 5));
        Assert.NotEqual("Completed", StepStatus(byName, 3));
        Assert.NotEqual("Completed", StepStatus(byName, 7));

        // …RespectingStepOrder: both amount branches hold; the first in step order is taken.
        var byOrder = await StartAndReleaseAsync(admin, "PI-2", Invoice("Fabrikam", "50"));
        Assert.Equal("Completed", StepStatus(byOrder, 7));
        Assert.NotEqual("Completed", StepStatus(byOrder, 9));
    }

    private static async Task<JsonElement> StartAndReleaseAsync(WorkflowApi admin, string invoice, Dictionary<string, string> fields)
    {
        var instance = Assert.Single((await admin.RaiseOkAsync(Requested, Purchase, invoice, fields)).GetProperty("startedInstances").EnumerateArray())
            .GetProperty("instanceId").GetString()!;
        Assert.Single((await admin.RaiseOkAsync(Released, Purchase, invoice, fields)).GetProperty("continuedInstances").EnumerateArray());
        return await admin.InstanceAsync(instance);
    }
}
