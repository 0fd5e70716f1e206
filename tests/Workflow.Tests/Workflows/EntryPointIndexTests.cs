using Microsoft.Extensions.DependencyInjection;
using Workflow.Abstractions;
using Workflow.Engine.Records;
using Workflow.Engine.Workflows;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Workflows;

/// <summary>The in-memory entry-point index stays correct when workflows change, on this node or another.</summary>
public sealed class EntryPointIndexTests
{
    private static WorkflowService.WorkflowDraft Draft(string code, string customer) => new(code, $"Invoices of {customer}", null, null, false,
    [
        new WorkflowStepDefinition(1, WorkflowStepType.Event, "SALES_INVOICE_SUBMITTED", null) { Conditions = new Dictionary<string, string> { ["Customer No."] = customer } },
        new WorkflowStepDefinition(2, WorkflowStepType.Response, "SET_FIELD_VALUE", 1) { Options = new Dictionary<string, string> { ["field"] = "Route", ["value"] = code } },
    ]);

    private static Task<EventResult> RaiseAsync(TestNode node, string invoice, string customer) =>
        node.Services.GetRequiredService<WorkflowEventService>().RaiseAsync("tenant-a", "USER",
            new WorkflowEventService.RaiseEventRequest("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", invoice,
                new Dictionary<string, string?> { ["Customer No."] = customer }, null, null), default);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_workflow_enabled_or_disabled_on_another_node_is_seen_at_the_next_event(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var nodeA = await TestNode.StartAsync(database, pluginsDirectory: ScenarioPlugins.Directory);
        await using var nodeB = await TestNode.StartAsync(database, pluginsDirectory: ScenarioPlugins.Directory);
        var workflowsOnB = nodeB.Services.GetRequiredService<WorkflowService>();
        for (var i = 0; i < 50; i++)
        {
            await workflowsOnB.CreateAsync("tenant-a", Draft($"CUST-{i}", $"C{i}"), default);
            await workflowsOnB.EnableAsync("tenant-a", $"CUST-{i}", null, default);
        }

        var started = await RaiseAsync(nodeA, "SI-1", "C7"); // node A builds its index here
        Assert.Equal("CUST-7", Assert.Single(started.StartedInstances).WorkflowCode);
        Assert.Empty((await RaiseAsync(nodeA, "SI-2", "c-none")).StartedInstances);

        await workflowsOnB.DisableAsync("tenant-a", "CUST-8", null, default);
        await workflowsOnB.CreateAsync("tenant-a", Draft("CUST-NEW", "NEW"), default);
        await workflowsOnB.EnableAsync("tenant-a", "CUST-NEW", null, default);

        Assert.Empty((await RaiseAsync(nodeA, "SI-3", "C8")).StartedInstances);
        Assert.Equal("CUST-NEW", Assert.Single((await RaiseAsync(nodeA, "SI-4", "NEW")).StartedInstances).WorkflowCode);
    }
}
