using System.Collections.ObjectModel;
using Workflow.Abstractions;
using Workflow.Engine.Conditions;
using static Workflow.Tests.Conditions.PurchaseDocument;

namespace Workflow.Tests.Conditions;

public class RecordConditionTests
{
    [Fact]
    public void No_conditions_always_hold()
    {
        var condition = RecordCondition.Parse(new Dictionary<string, string>(), PurchaseDocument.Type);

        Assert.True(condition.IsAlways);
        Assert.Empty(condition.Filters);
        Assert.True(condition.Matches(Record()));
        Assert.Equal("<Always>", condition.ToString());
        Assert.True(RecordCondition.Always.IsAlways);
    }

    [Theory]
    [InlineData("1500", "Invoice", "Open", true)]
    [InlineData("900", "Invoice", "Open", false)]
    [InlineData("1500", "Order", "Open", false)]
    [InlineData("1500", "invoice", "OPEN", true)]
    [InlineData("1500", "Invoice", "Released", false)]
    [InlineData(null, "Invoice", "Open", false)]
    public void Every_filter_must_hold(string? amount, string documentType, string status, bool expected)
    {
        var condition = RecordCondition.Parse(
            Filters(("Amount", ">1000"), ("Document Type", "Invoice"), ("Status", "Open|Pending Approval")), PurchaseDocument.Type);

        Assert.Equal(expected, condition.Matches(Record(("Amount", amount), ("Document Type", documentType), ("Status", status))));
    }

    [Fact]
    public void Field_names_compare_case_insensitively_in_conditions_and_in_records()
    {
        var condition = RecordCondition.Parse(Filters(("amount", ">1000"), ("BUY-FROM VENDOR NAME", "@*ltd*")), PurchaseDocument.Type);

        // The filters carry the record type's spelling and order.
        Assert.Equal(["Buy-from Vendor Name", "Amount"], condition.Filters.Select(f => f.Field));
        Assert.Equal("Buy-from Vendor Name: @*ltd*; Amount: >1000", condition.ToString());

        var caseSensitiveRecord = Record(("AMOUNT", "1500"), ("buy-from vendor name", "Contoso LTD"));
        Assert.True(condition.Matches(caseSensitiveRecord));

        var insensitiveRecord = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Amount"] = "1500", ["Buy-from Vendor Name"] = "Fabrikam Inc" };
        Assert.False(condition.Matches(insensitiveRecord));

        var readOnlyRecord = new ReadOnlyDictionary<string, string?>(Record(("amount", "1500"), ("Buy-from Vendor Name", "Contoso Ltd")));
        Assert.True(condition.Matches(readOnlyRecord));
    }

    [Fact]
    public void Absent_fields_are_empty()
    {
        var condition = RecordCondition.Parse(Filters(("Buy-from Vendor No.", "''"), ("Document Date", "<>''")), PurchaseDocument.Type);

        Assert.False(condition.Matches(Record(("Document Date", null))));
        Assert.True(condition.Matches(Record(("Document Date", "2026-02-01"))));
    }

    [Fact]
    public void Matches_a_workflow_record()
    {
        var condition = RecordCondition.Parse(Filters(("Document Date", "2026-01-01..2026-03-31")), PurchaseDocument.Type);

        Assert.True(condition.Matches(new WorkflowRecord("PURCHASE_DOCUMENT", "PI-1001", Record(("Document Date", "2026-03-31")))));
        Assert.False(condition.Matches(new WorkflowRecord("PURCHASE_DOCUMENT", "PI-1002", Record(("Document Date", "2026-04-01")))));
    }

    [Fact]
    public void Every_problem_is_listed_not_only_the_first()
    {
        var conditions = Filters(
            ("Amount", ">"),
            ("Colour", "Red"),
            ("Status", "Closed"),
            ("Document Date", "2026-02-30"),
            ("Buy-from Vendor Name", "@*ltd*"),
            ("Prepayment", "<true"));

        var error = Assert.Throws<ConditionValidationException>(() => RecordCondition.Parse(conditions, PurchaseDocument.Type));

        Assert.Equal(
        [
            new ConditionProblem("Amount", 1, "expected a number after '>'"),
            new ConditionProblem("Colour", null, "the record type Purchase Document has no field 'Colour'"),
            new ConditionProblem("Status", 0, "'Closed' is not one of the field's options (Open, Released, Pending Approval, Pending Prepayment)"),
            new ConditionProblem("Document Date", 0, "'2026-02-30' is not a date (yyyy-MM-dd)"),
            new ConditionProblem("Prepayment", 0, "'<' cannot be used on a yes/no field; use = or <>"),
        ], error.Problems);
        Assert.StartsWith("Condition on 'Amount' is not valid at position 1: expected a number after '>'. Condition on 'Colour' is not valid: ", error.Message);
    }

    [Fact]
    public void Problems_name_the_field_as_the_caller_wrote_it()
    {
        var error = Assert.Throws<ConditionValidationException>(() => RecordCondition.Parse(Filters(("amount", "abc")), PurchaseDocument.Type));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("amount", problem.Field);
        Assert.Equal("Condition on 'amount' is not valid at position 0: 'abc' is not a number (use '.' as the decimal separator).", problem.Message);
    }

    [Fact]
    public void A_field_filtered_twice_under_different_spellings_is_a_problem()
    {
        var error = Assert.Throws<ConditionValidationException>(() =>
            RecordCondition.Parse(Filters(("Amount", ">1000"), ("AMOUNT", "<5000")), PurchaseDocument.Type));

        Assert.Equal(new ConditionProblem("AMOUNT", null, "the field 'Amount' is filtered more than once"), Assert.Single(error.Problems));
    }

    [Fact]
    public void An_empty_expression_is_a_problem()
    {
        var error = Assert.Throws<ConditionValidationException>(() => RecordCondition.Parse(Filters(("Amount", " ")), PurchaseDocument.Type));

        Assert.Equal(new ConditionProblem("Amount", 0, "the condition is empty"), Assert.Single(error.Problems));
    }

    [Fact]
    public void An_option_field_without_declared_values_takes_any_value()
    {
        var condition = RecordCondition.Parse(Filters(("Priority", "High|Urgent")), PurchaseDocument.Type);

        Assert.True(condition.Matches(Record(("Priority", "urgent"))));
        Assert.False(condition.Matches(Record(("Priority", "Low"))));
    }
}
