using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Abstractions;
using Workflow.Engine.Conditions;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134206 "Workflow Rule Tests": the rule operators Increased, Decreased and Changed on
/// old and new values, and rules on the entry point and a later event of a workflow starting from "a customer record
/// is changed". The operators are the engine's field-change conditions (<see cref="FieldChangeConditions"/>); the
/// workflows run through the API.
/// </summary>
public sealed class WorkflowRuleTests
{
    private static bool Holds(FieldChangeOperator op, RecordFieldType type, string left, string right) =>
        FieldChangeConditions.Holds(new FieldChangeCondition("Field", op), type, left, right);

    /// <summary>
    /// TestOperator{Increase,Decrease,Change}For{Decimal,Dates} and TestOperatorChangeForText: Increased holds from a
    /// lower value to a higher one and not back; Decreased the other way; Changed both ways, not for equal values.
    /// </summary>
    [Theory]
    [InlineData(RecordFieldType.Number, "12.34", "56.78")]
    [InlineData(RecordFieldType.Date, "2026-11-02", "2026-11-03")]
    public void TestOperatorsForDecimalAndDates(RecordFieldType type, string lower, string higher)
    {
        Assert.True(Holds(FieldChangeOperator.Increased, type, lower, higher));
        Assert.False(Holds(FieldChangeOperator.Increased, type, higher, lower));
        Assert.True(Holds(FieldChangeOperator.Decreased, type, higher, lower));
        Assert.False(Holds(FieldChangeOperator.Decreased, type, lower, higher));
        Assert.True(Holds(FieldChangeOperator.Changed, type, lower, higher));
        Assert.True(Holds(FieldChangeOperator.Changed, type, higher, lower));
        Assert.False(Holds(FieldChangeOperator.Changed, type, lower, lower));
    }

    /// <summary>TestOperatorChangeForText: a longer text is a change, the same text is none.</summary>
    [Fact]
    public void TestOperatorChangeForText()
    {
        Assert.True(Holds(FieldChangeOperator.Changed, RecordFieldType.Text, "Contoso", "Contoso Ltd"));
        Assert.False(Holds(FieldChangeOperator.Changed, RecordFieldType.Text, "Contoso", "Contoso"));
    }

    /// <summary>
    /// TestEvaluateRuleFor{Increase,Decrease,Change}: a rule on the customer's Credit Limit (LCY) holds for a
    /// customer whose credit limit went up (Increased, Changed) or down (Decreased).
    /// </summary>
    [Theory]
    [InlineData(FieldChangeOperator.Increased, "1000", "1250.50")]
    [InlineData(FieldChangeOperator.Decreased, "1000", "749.50")]
    [InlineData(FieldChangeOperator.Changed, "1000", "1250.50")]
    public void TestEvaluateRule(FieldChangeOperator op, string before, string after) =>
        Assert.True(FieldChangeConditions.Holds(new FieldChangeCondition("Credit Limit (LCY)", op), RecordFieldType.Number, before, after));

    /// <summary>
    /// CreateAndEnableWorkflow: a customer is changed (rule on Credit Limit (LCY)) → do nothing → a customer is
    /// changed (the same rule).
    /// </summary>
    private static Task EnableRuleWorkflowAsync(WorkflowApi admin, string op) =>
        admin.CreateAndEnableAsync("CUST-RULE",
        [
            Event(1, "CUSTOMER_CHANGED", changeConditions: new[] { new { field = "Credit Limit (LCY)", @operator = op } }),
            Response(2, "DO_NOTHING", 1),
            Event(3, "CUSTOMER_CHANGED", 2, changeConditions: new[] { new { field = "Credit Limit (LCY)", @operator = op } }),
        ]);

    private static Task<JsonElement> ChangeCreditLimitAsync(WorkflowApi admin, string creditLimit) =>
        admin.RaiseOkAsync("CUSTOMER_CHANGED", Customer, "C-1", new Dictionary<string, string> { ["Credit Limit (LCY)"] = creditLimit });

    public static TheoryData<string, string, string> ProvidersAndRules()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var (op, value) in new[] { ("Increased", "500"), ("Decreased", "-500"), ("Changed", "500") })
                rows.Add(provider, op, value);
        return rows;
    }

    /// <summary>
    /// TestEvaluateEntryPointEventRuleFor{Increase,Decrease,Changed}: the customer's credit limit changed as the rule
    /// asks starts the workflow, which then waits on its second event.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndRules))]
    public async Task TestEvaluateEntryPointEventRule(string provider, string op, string creditLimit)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.RaiseOkAsync("CUSTOMER_CREATED", Customer, "C-1", new Dictionary<string, string> { ["No."] = "C-1", ["Credit Limit (LCY)"] = "0" });
        await EnableRuleWorkflowAsync(admin, op);

        var changed = await ChangeCreditLimitAsync(admin, creditLimit);

        var started = Assert.Single(changed.GetProperty("startedInstances").EnumerateArray());
        Assert.Equal("Running", started.GetProperty("status").GetString());
    }

    /// <summary>
    /// TestEvaluateNonEntryPointEventRule: the first increase starts the workflow; a second increase is the rule of
    /// its second event, and the instance completes (its steps archived).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestEvaluateNonEntryPointEventRule(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        await admin.RaiseOkAsync("CUSTOMER_CREATED", Customer, "C-1", new Dictionary<string, string> { ["No."] = "C-1", ["Credit Limit (LCY)"] = "0" });
        await EnableRuleWorkflowAsync(admin, "Increased");
        var instance = Assert.Single((await ChangeCreditLimitAsync(admin, "100")).GetProperty("startedInstances").EnumerateArray())
            .GetProperty("instanceId").GetString()!;

        var second = await ChangeCreditLimitAsync(admin, "250");

        Assert.Empty(second.GetProperty("startedInstances").EnumerateArray());
        Assert.Equal("Completed", (await admin.InstanceAsync(instance)).GetProperty("status").GetString());
        Assert.NotEqual(0, (await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/archived-step-instances?instanceId={instance}")).GetArrayLength());
    }

    /// <summary>
    /// TestEnableTwoWorkflowsWithDifferentRules: two workflows starting from "a customer record is changed", one with
    /// a rule on Credit Limit (LCY), the other on Name, are both enabled.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TestEnableTwoWorkflowsWithDifferentRules(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());

        foreach (var (code, field) in new[] { ("CUST-CREDIT", "Credit Limit (LCY)"), ("CUST-NAME", "Name") })
            await admin.CreateAndEnableAsync(code,
            [
                Event(1, "CUSTOMER_CHANGED", changeConditions: new[] { new { field, @operator = "Changed" } }),
                Response(2, "DO_NOTHING", 1),
            ]);

        foreach (var code in new[] { "CUST-CREDIT", "CUST-NAME" })
            Assert.True((await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{code}")).GetProperty("enabled").GetBoolean());
    }
}
