using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class FieldChangeConditionTests
{
    [Theory]
    // Changed: typed for numbers, dates and booleans; case-insensitive for options; ordinal for text
    [InlineData(RecordFieldType.Number, "100", "100.00", false)]
    [InlineData(RecordFieldType.Number, "100", "100.01", true)]
    [InlineData(RecordFieldType.Number, "1,000", "1000", false)]
    [InlineData(RecordFieldType.Number, null, "0", true)]
    [InlineData(RecordFieldType.Number, "", null, false)]
    [InlineData(RecordFieldType.Number, "5", null, true)]
    [InlineData(RecordFieldType.Number, "n/a", "N/A", true)]
    [InlineData(RecordFieldType.Date, "2026-01-01", "2026-01-01", false)]
    [InlineData(RecordFieldType.Date, "2026-01-01", "2026-01-02", true)]
    [InlineData(RecordFieldType.Date, null, "2026-01-01", true)]
    [InlineData(RecordFieldType.Boolean, "true", "yes", false)]
    [InlineData(RecordFieldType.Boolean, "false", "true", true)]
    [InlineData(RecordFieldType.Option, "Open", "open", false)]
    [InlineData(RecordFieldType.Option, "Open", "Released", true)]
    [InlineData(RecordFieldType.Text, "Contoso", "contoso", true)]
    [InlineData(RecordFieldType.Text, "Contoso", "Contoso", false)]
    [InlineData(RecordFieldType.Text, null, "", false)]
    [InlineData(RecordFieldType.Text, null, "Contoso", true)]
    public void Changed_means_the_values_differ(RecordFieldType type, string? oldValue, string? newValue, bool expected) =>
        Assert.Equal(expected, FieldChangeConditions.Holds(new FieldChangeCondition("Field", FieldChangeOperator.Changed), type, oldValue, newValue));

    [Theory]
    [InlineData(RecordFieldType.Number, "1000", "1500", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Number, "1000", "1500", FieldChangeOperator.Decreased, false)]
    [InlineData(RecordFieldType.Number, "1500", "1000", FieldChangeOperator.Decreased, true)]
    [InlineData(RecordFieldType.Number, "9", "10", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Number, "100", "100.00", FieldChangeOperator.Increased, false)]
    [InlineData(RecordFieldType.Number, "100", "100.00", FieldChangeOperator.Decreased, false)]
    [InlineData(RecordFieldType.Number, null, "5", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Number, null, "-5", FieldChangeOperator.Decreased, true)]
    [InlineData(RecordFieldType.Number, "5", "", FieldChangeOperator.Decreased, true)]
    [InlineData(RecordFieldType.Number, "5", "lots", FieldChangeOperator.Increased, false)]
    [InlineData(RecordFieldType.Date, "2026-01-01", "2026-02-01", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Date, "2026-02-01", "2026-01-01", FieldChangeOperator.Decreased, true)]
    [InlineData(RecordFieldType.Date, null, "2026-01-01", FieldChangeOperator.Increased, false)]
    [InlineData(RecordFieldType.Date, "2026-01-01", null, FieldChangeOperator.Decreased, false)]
    [InlineData(RecordFieldType.Text, "A", "B", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Text, "a", "B", FieldChangeOperator.Increased, false)]
    [InlineData(RecordFieldType.Text, "9", "10", FieldChangeOperator.Increased, false)]
    [InlineData(RecordFieldType.Text, null, "A", FieldChangeOperator.Increased, false)]
    [InlineData(RecordFieldType.Boolean, "false", "true", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Boolean, "true", "false", FieldChangeOperator.Decreased, true)]
    [InlineData(RecordFieldType.Boolean, null, "true", FieldChangeOperator.Increased, true)]
    [InlineData(RecordFieldType.Option, "Open", "Released", FieldChangeOperator.Increased, false)]
    public void Increased_and_decreased_compare_by_type(RecordFieldType type, string? oldValue, string? newValue, FieldChangeOperator op, bool expected) =>
        Assert.Equal(expected, FieldChangeConditions.Holds(new FieldChangeCondition("Field", op), type, oldValue, newValue));

    [Theory]
    [InlineData("Amount", FieldChangeOperator.Increased, null)]
    [InlineData("amount", FieldChangeOperator.Decreased, null)]
    [InlineData("Document Date", FieldChangeOperator.Increased, null)]
    [InlineData("Buy-from Vendor Name", FieldChangeOperator.Increased, null)]
    [InlineData("Status", FieldChangeOperator.Changed, null)]
    [InlineData("Prepayment", FieldChangeOperator.Changed, null)]
    [InlineData("Prepayment", FieldChangeOperator.Increased, "'Prepayment' is a yes/no field, which cannot be Increased; use Changed.")]
    [InlineData("Status", FieldChangeOperator.Decreased, "'Status' is an option field, which cannot be Decreased; use Changed.")]
    [InlineData("Colour", FieldChangeOperator.Changed, "the record type Purchase Document has no field 'Colour'.")]
    public void Problem_names_unknown_fields_and_orders_that_make_no_sense(string field, FieldChangeOperator op, string? expected) =>
        Assert.Equal(expected, FieldChangeConditions.Problem(new FieldChangeCondition(field, op), PurchaseDocument.Type));
}
