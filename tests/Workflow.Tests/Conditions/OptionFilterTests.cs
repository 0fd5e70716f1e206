using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class OptionFilterTests
{
    private static readonly string[] Statuses = ["Open", "Released", "Pending Approval", "Pending Prepayment"];

    [Theory]
    [InlineData("Open", "Open", true)]
    [InlineData("Open", "open", true)]
    [InlineData("open", "OPEN", true)]
    [InlineData("Open", "Released", false)]
    [InlineData("<>Open", "Released", true)]
    [InlineData("<>Open", "Open", false)]
    [InlineData("Open|Released", "Released", true)]
    [InlineData("Open|Released", "Pending Approval", false)]
    [InlineData("Pending Approval", "pending approval", true)]
    [InlineData(" Pending Approval ", "Pending Approval", true)]
    [InlineData("Pending*", "Pending Approval", true)]
    [InlineData("pending*", "Pending Prepayment", true)]
    [InlineData("Pending*", "Open", false)]
    [InlineData("<>Pending*", "Open", true)]
    [InlineData("<>Pending*", "Pending Approval", false)]
    [InlineData("*Approval", "Pending Approval", true)]
    // options are ordered by their position in the list, as Business Central orders them by ordinal
    [InlineData("Open..Pending Approval", "Released", true)]
    [InlineData("Open..Pending Approval", "Pending Prepayment", false)]
    [InlineData(">Released", "Pending Approval", true)]
    [InlineData(">Released", "Open", false)]
    [InlineData("..Released", "Open", true)]
    [InlineData("<>Open&<>Released", "Pending Approval", true)]
    [InlineData("<>Open&<>Released", "Released", false)]
    // blank option: equals nothing; a value outside the list matches no comparison
    [InlineData("''", null, true)]
    [InlineData("Open", null, false)]
    [InlineData("<>Open", null, true)]
    [InlineData("Open..", null, false)]
    [InlineData("<>Open", "Archived", false)]
    [InlineData("*", "Archived", false)]
    [InlineData("<>''", "Archived", true)]
    public void Options_compare_case_insensitively_in_list_order(string expression, string? value, bool expected) =>
        Assert.Equal(expected, FieldFilter.Parse("Status", expression, RecordFieldType.Option, Statuses).Matches(value));

    [Theory]
    [InlineData("Open", "OPEN", true)]
    [InlineData("<>Open", "Archived", true)]
    [InlineData("Arch*", "archived", true)]
    [InlineData("Open|Closed", "closed", true)]
    [InlineData("Open", "Released", false)]
    public void Without_known_values_options_compare_as_case_insensitive_text(string expression, string? value, bool expected) =>
        Assert.Equal(expected, FieldFilter.Parse("Status", expression, RecordFieldType.Option).Matches(value));
}
