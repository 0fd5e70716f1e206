using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class FilterSyntaxErrorTests
{
    private static readonly string[] Statuses = ["Open", "Released", "Pending Approval"];

    [Theory]
    // empty expressions: the caller omits fields it does not filter
    [InlineData(RecordFieldType.Text, "", 0, "the condition is empty")]
    [InlineData(RecordFieldType.Text, "   ", 0, "the condition is empty")]
    // structure
    [InlineData(RecordFieldType.Text, "'abc", 0, "the quote is not closed")]
    [InlineData(RecordFieldType.Text, "A|'b''", 2, "the quote is not closed")]
    [InlineData(RecordFieldType.Text, "(A|B", 4, "missing ')' for the '(' at position 0")]
    [InlineData(RecordFieldType.Text, "((A)", 4, "missing ')' for the '(' at position 0")]
    [InlineData(RecordFieldType.Text, "A|B)", 3, "unexpected ')' without a matching '('")]
    [InlineData(RecordFieldType.Text, "A||B", 2, "expected a value after '|'")]
    [InlineData(RecordFieldType.Text, "A| |B", 3, "expected a value after '|'")]
    [InlineData(RecordFieldType.Text, "|A", 0, "expected a value")]
    [InlineData(RecordFieldType.Text, "A|", 2, "expected a value after '|'")]
    [InlineData(RecordFieldType.Text, "A&", 2, "expected a value after '&'")]
    [InlineData(RecordFieldType.Text, "A&&B", 2, "expected a value after '&'")]
    [InlineData(RecordFieldType.Text, "()", 1, "expected a value after '('")]
    [InlineData(RecordFieldType.Text, "@", 1, "expected a value after '@'")]
    [InlineData(RecordFieldType.Text, "(A)B", 3, "unexpected 'B'; join terms with '&' or '|', or quote the value")]
    [InlineData(RecordFieldType.Text, "A(B)", 1, "unexpected '('; join terms with '&' or '|', or quote the value")]
    [InlineData(RecordFieldType.Text, "A=B", 1, "unexpected '='; join terms with '&' or '|', or quote the value")]
    [InlineData(RecordFieldType.Number, ">=1000<=2000", 6, "unexpected '<'; join terms with '&' or '|', or quote the value")]
    // operators without operands
    [InlineData(RecordFieldType.Number, ">", 1, "expected a number after '>'")]
    [InlineData(RecordFieldType.Number, "<> ", 3, "expected a number after '<>'")]
    [InlineData(RecordFieldType.Date, "<=|2026-01-01", 2, "expected a date (yyyy-MM-dd) after '<='")]
    [InlineData(RecordFieldType.Text, "=", 1, "expected a value after '='")]
    [InlineData(RecordFieldType.Boolean, "<>", 2, "expected true or false after '<>'")]
    [InlineData(RecordFieldType.Number, "..", 0, "a range needs at least one bound")]
    [InlineData(RecordFieldType.Number, "1| .. ", 3, "a range needs at least one bound")]
    [InlineData(RecordFieldType.Number, ">10..20", 3, "a range cannot follow '>'")]
    [InlineData(RecordFieldType.Number, "1..5..7", 4, "unexpected '..'; a range has one '..' between its bounds")]
    [InlineData(RecordFieldType.Number, "100..10", 0, "the range is empty: '100' comes after '10'")]
    [InlineData(RecordFieldType.Text, "b..a", 0, "the range is empty: 'b' comes after 'a'")]
    // typed literals
    [InlineData(RecordFieldType.Number, "abc", 0, "'abc' is not a number (use '.' as the decimal separator)")]
    [InlineData(RecordFieldType.Number, ">1,5", 1, "'1,5' is not a number (use '.' as the decimal separator)")]
    [InlineData(RecordFieldType.Number, "1..x", 3, "'x' is not a number (use '.' as the decimal separator)")]
    [InlineData(RecordFieldType.Number, "1 000", 0, "'1 000' is not a number (use '.' as the decimal separator)")]
    [InlineData(RecordFieldType.Date, "2026-13-01", 0, "'2026-13-01' is not a date (yyyy-MM-dd)")]
    [InlineData(RecordFieldType.Date, "01/02/2026", 0, "'01/02/2026' is not a date (yyyy-MM-dd)")]
    [InlineData(RecordFieldType.Date, ">=2026-1-1", 2, "'2026-1-1' is not a date (yyyy-MM-dd)")]
    [InlineData(RecordFieldType.Boolean, "maybe", 0, "'maybe' is not true or false")]
    [InlineData(RecordFieldType.Boolean, "<true", 0, "'<' cannot be used on a yes/no field; use = or <>")]
    [InlineData(RecordFieldType.Boolean, "true|>=false", 5, "'>=' cannot be used on a yes/no field; use = or <>")]
    [InlineData(RecordFieldType.Boolean, "false..true", 5, "'..' cannot be used on a yes/no field; use = or <>")]
    [InlineData(RecordFieldType.Option, "<Open", 0, "'<' needs the option values of this field to order them; use = or <>")]
    // wildcards
    [InlineData(RecordFieldType.Number, "1*", 1, "wildcards ('*', '?') apply only to text and option fields, not to a number field")]
    [InlineData(RecordFieldType.Date, "2026-??-01", 5, "wildcards ('*', '?') apply only to text and option fields, not to a date field")]
    [InlineData(RecordFieldType.Boolean, "t*", 1, "wildcards ('*', '?') apply only to text and option fields, not to a yes/no field")]
    [InlineData(RecordFieldType.Text, ">A*", 2, "wildcards ('*', '?') cannot follow '>'; use = or <>")]
    [InlineData(RecordFieldType.Text, "A*..B", 1, "wildcards ('*', '?') cannot be used in a range")]
    // the empty value
    [InlineData(RecordFieldType.Text, ">''", 0, "'' (empty) cannot follow '>'; use = or <>")]
    [InlineData(RecordFieldType.Text, "''..B", 0, "a range bound cannot be '' (empty)")]
    [InlineData(RecordFieldType.Number, "1..''", 3, "a range bound cannot be '' (empty)")]
    public void Malformed_expressions_name_the_position_and_the_reason(RecordFieldType type, string expression, int position, string reason)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FieldFilter.Parse("Field", expression, type));

        Assert.Equal(("Field", position, reason), (error.Field, error.Position, error.Reason));
    }

    [Theory]
    [InlineData("Closed", 0, "'Closed' is not one of the field's options (Open, Released, Pending Approval)")]
    [InlineData("Open|Closed", 5, "'Closed' is not one of the field's options (Open, Released, Pending Approval)")]
    [InlineData("Open..Closed", 6, "'Closed' is not one of the field's options (Open, Released, Pending Approval)")]
    [InlineData("Clo*", 0, "none of the field's options matches 'Clo*' (Open, Released, Pending Approval)")]
    [InlineData("Released..Open", 0, "the range is empty: 'Released' comes after 'Open'")]
    public void Option_literals_must_be_among_the_option_values(string expression, int position, string reason)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FieldFilter.Parse("Status", expression, RecordFieldType.Option, Statuses));

        Assert.Equal((position, reason), (error.Position, error.Reason));
    }

    [Fact]
    public void The_message_names_the_field_the_position_and_the_reason()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FieldFilter.Parse("Amount", "10|>", RecordFieldType.Number));

        Assert.Equal("Condition on 'Amount' is not valid at position 4: expected a number after '>'.", error.Message);
    }

    [Theory]
    [InlineData(RecordFieldType.Text, "*Ltd*")]
    [InlineData(RecordFieldType.Text, "'('|')'")]
    [InlineData(RecordFieldType.Text, "'<>'")]
    [InlineData(RecordFieldType.Number, "-1.5..+2")]
    [InlineData(RecordFieldType.Number, "..0|100..")]
    [InlineData(RecordFieldType.Date, "''|2026-01-01..")]
    [InlineData(RecordFieldType.Boolean, "<>''&<>false")]
    [InlineData(RecordFieldType.Text, "@ <> @ x")]
    public void Well_formed_expressions_parse(RecordFieldType type, string expression) =>
        Assert.Equal(expression, FieldFilter.Parse("Field", expression, type).Expression);
}
