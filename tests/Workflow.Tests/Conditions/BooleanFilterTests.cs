using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class BooleanFilterTests
{
    [Theory]
    [InlineData("true", "true", true)]
    [InlineData("true", "false", false)]
    [InlineData("TRUE", "true", true)]
    [InlineData("True", "True", true)]
    [InlineData("false", "false", true)]
    [InlineData("=true", "true", true)]
    [InlineData("<>true", "false", true)]
    [InlineData("<>true", "true", false)]
    [InlineData("yes", "true", true)]
    [InlineData("No", "false", true)]
    [InlineData("1", "true", true)]
    [InlineData("0", "true", false)]
    [InlineData("true", "yes", true)]
    [InlineData("true", "1", true)]
    [InlineData("true|false", "false", true)]
    // a blank boolean is false, as in Business Central
    [InlineData("false", null, true)]
    [InlineData("true", "", false)]
    [InlineData("''", null, true)]
    [InlineData("<>''", "false", true)]
    // a value that is not a boolean matches no comparison
    [InlineData("<>true", "maybe", false)]
    [InlineData("false", "maybe", false)]
    public void Booleans_accept_true_false_yes_no_and_1_0(string expression, string? value, bool expected) =>
        Assert.Equal(expected, FieldFilter.Parse("Blocked", expression, RecordFieldType.Boolean).Matches(value));
}
