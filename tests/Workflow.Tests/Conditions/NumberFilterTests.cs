using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class NumberFilterTests
{
    [Theory]
    [InlineData(">1000", "1500", true)]
    [InlineData(">1000", "900", false)]
    [InlineData(">1000", "1000", false)]
    [InlineData(">1000", "1000.5", true)]
    [InlineData(">1000", "999", false)]
    [InlineData(">=1000", "1000.00", true)]
    [InlineData("<1000", "999.99", true)]
    [InlineData("<=1000", "1000", true)]
    [InlineData("1000", "1000.000", true)]
    [InlineData("=1000", "1000", true)]
    [InlineData("<>1000", "1000.0", false)]
    [InlineData("<>1000", "1001", true)]
    [InlineData("10..100", "10", true)]
    [InlineData("10..100", "100", true)]
    [InlineData("10..100", "55.5", true)]
    [InlineData("10..100", "9.99", false)]
    [InlineData("10..100", "100.01", false)]
    [InlineData("..100", "-5", true)]
    [InlineData("..100", "101", false)]
    [InlineData("100..", "1000000", true)]
    [InlineData("100..", "99", false)]
    [InlineData("-10..-1", "-5", true)]
    [InlineData("<-1.5", "-2", true)]
    [InlineData("1..5|10", "10", true)]
    [InlineData("1..5|10", "7", false)]
    [InlineData("1..5|10", "3", true)]
    [InlineData(">=10&<20", "15", true)]
    [InlineData(">=10&<20", "20", false)]
    [InlineData("<>1&<>2", "2", false)]
    [InlineData("(1|2)&<>2", "1", true)]
    [InlineData("0.5..1.5", "1", true)]
    [InlineData(" 10 .. 100 ", "50", true)]
    [InlineData("@>10", "11", true)]
    // a blank number counts as 0, as Business Central's numbers are never blank
    [InlineData("<1000", null, true)]
    [InlineData("0", "", true)]
    [InlineData(">0", null, false)]
    [InlineData("''", null, true)]
    [InlineData("''", "0", false)]
    [InlineData("<>''", "0", true)]
    [InlineData("<>''", null, false)]
    // a value that is not a number matches no comparison
    [InlineData(">1000", "lots", false)]
    [InlineData("<>1000", "lots", false)]
    [InlineData("..100", "n/a", false)]
    [InlineData("<>''", "lots", true)]
    // record values may carry thousands separators, like WorkflowRecord.GetNumber reads them
    [InlineData(">1000", "1,500.25", true)]
    public void Numbers_compare_as_decimals(string expression, string? value, bool expected) =>
        Assert.Equal(expected, FieldFilter.Parse("Amount", expression, RecordFieldType.Number).Matches(value));

    [Fact]
    public void Amount_over_1000_routes_a_1500_invoice_and_not_a_900_one()
    {
        var filter = FieldFilter.Parse("Amount", ">1000", RecordFieldType.Number);

        Assert.True(filter.Matches("1500"));
        Assert.False(filter.Matches("900"));
    }

    [Fact]
    public void Numbers_ignore_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var filter = FieldFilter.Parse("Amount", "1000.5..2000", RecordFieldType.Number);
            Assert.True(filter.Matches("1000.75"));
            Assert.False(filter.Matches("1000.25"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
