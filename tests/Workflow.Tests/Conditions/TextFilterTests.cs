using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class TextFilterTests
{
    [Theory]
    // equality, implied and explicit; ordinal (case-sensitive) without @
    [InlineData("Contoso", "Contoso", true)]
    [InlineData("Contoso", "contoso", false)]
    [InlineData("=Contoso", "Contoso", true)]
    [InlineData("= Contoso ", "Contoso", true)]
    [InlineData("<>Contoso", "Contoso", false)]
    [InlineData("<>Contoso", "Fabrikam", true)]
    [InlineData("Contoso", null, false)]
    // @ makes the term case-insensitive, before or after the operator
    [InlineData("@contoso", "Contoso", true)]
    [InlineData("@contoso", "CONTOSO", true)]
    [InlineData("@contoso", "Contoso Ltd", false)]
    [InlineData("<>@contoso", "CONTOSO", false)]
    [InlineData("@<>contoso", "CONTOSO", false)]
    [InlineData("@<>contoso", "Fabrikam", true)]
    // wildcards
    [InlineData("*Ltd*", "Contoso Ltd", true)]
    [InlineData("*Ltd*", "Contoso Ltd.", true)]
    [InlineData("*Ltd*", "Contoso LTD", false)]
    [InlineData("@*ltd*", "Contoso LTD", true)]
    [InlineData("@*ltd*", "Contoso Limited", false)]
    [InlineData("A?C", "ABC", true)]
    [InlineData("A?C", "AC", false)]
    [InlineData("A?C", "ABBC", false)]
    [InlineData("A*C", "AC", true)]
    [InlineData("A*C", "ABBBC", true)]
    [InlineData("A*C", "ABBBCD", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("?*", "", false)]
    [InlineData("**a**b", "xaxxb", true)]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("<>*Ltd*", "Contoso Ltd", false)]
    [InlineData("<>*Ltd*", "Contoso Inc", true)]
    // ranges and ordering, ordinal
    [InlineData("B..D", "C", true)]
    [InlineData("B..D", "D", true)]
    [InlineData("B..D", "Da", false)]
    [InlineData("B..D", "b", false)]
    [InlineData("@B..D", "c", true)]
    [InlineData("..B", "A", true)]
    [InlineData("..B", "", true)]
    [InlineData("B..", "Z", true)]
    [InlineData(">M", "N", true)]
    [InlineData(">=M", "M", true)]
    [InlineData("<M", "M", false)]
    [InlineData("<=M", "M", true)]
    // alternatives and conjunctions
    [InlineData("A|B|C", "B", true)]
    [InlineData("A|B|C", "D", false)]
    [InlineData("<>A&<>B", "A", false)]
    [InlineData("<>A&<>B", "C", true)]
    [InlineData("A|B&C", "A", true)]
    [InlineData("(A|B)&<>B", "B", false)]
    [InlineData("(A|B)&<>B", "A", true)]
    [InlineData(" ( A | B ) & <>B ", "A", true)]
    [InlineData("((A))", "A", true)]
    // empty value
    [InlineData("''", "", true)]
    [InlineData("''", null, true)]
    [InlineData("''", "x", false)]
    [InlineData("=''", null, true)]
    [InlineData("<>''", "x", true)]
    [InlineData("<>''", "", false)]
    [InlineData("<>''", null, false)]
    [InlineData("''|A", null, true)]
    // quoting and inner spaces
    [InlineData("'A|B'", "A|B", true)]
    [InlineData("'A|B'", "A", false)]
    [InlineData("'x..y'", "x..y", true)]
    [InlineData("'O''Neil'", "O'Neil", true)]
    [InlineData("'*'", "*", true)]
    [InlineData("'*'", "x", false)]
    [InlineData("'a?'*", "a?bc", true)]
    [InlineData("'a?'*", "ab", false)]
    [InlineData("' padded '", " padded ", true)]
    [InlineData("Contoso Ltd", "Contoso Ltd", true)]
    [InlineData("  Contoso  Ltd  ", "Contoso  Ltd", true)]
    [InlineData("  Contoso  Ltd  ", "Contoso Ltd", false)]
    [InlineData("user@contoso.com", "user@contoso.com", true)]
    [InlineData("1.5", "1.5", true)]
    public void Text_filters_compare_ordinally_with_wildcards_ranges_and_quoting(string expression, string? value, bool expected) =>
        Assert.Equal(expected, FieldFilter.Parse("Name", expression, RecordFieldType.Text).Matches(value));

    [Fact]
    public void A_filter_keeps_its_field_and_expression_and_reads_as_written()
    {
        var filter = FieldFilter.Parse("Name", " @*ltd* ", RecordFieldType.Text);

        Assert.Equal("Name", filter.Field);
        Assert.Equal(" @*ltd* ", filter.Expression);
        Assert.Equal(RecordFieldType.Text, filter.Type);
        Assert.Equal("Name: @*ltd*", filter.ToString());
    }

    [Fact]
    public void Case_insensitivity_is_culture_invariant()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
        try
        {
            var filter = FieldFilter.Parse("Name", "@*i*", RecordFieldType.Text);
            Assert.True(filter.Matches("ITEM"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
