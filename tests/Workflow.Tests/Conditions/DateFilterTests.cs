using Workflow.Abstractions;
using Workflow.Engine.Conditions;

namespace Workflow.Tests.Conditions;

public class DateFilterTests
{
    [Theory]
    [InlineData("2026-01-01..2026-03-31", "2026-01-01", true)]
    [InlineData("2026-01-01..2026-03-31", "2026-02-15", true)]
    [InlineData("2026-01-01..2026-03-31", "2026-03-31", true)]
    [InlineData("2026-01-01..2026-03-31", "2026-04-01", false)]
    [InlineData("2026-01-01..2026-03-31", "2025-12-31", false)]
    [InlineData("..2026-01-01", "2025-06-30", true)]
    [InlineData("2026-01-01..", "2030-01-01", true)]
    [InlineData(">2026-01-01", "2026-01-02", true)]
    [InlineData(">2026-01-01", "2026-01-01", false)]
    [InlineData("<=2026-01-01", "2026-01-01", true)]
    [InlineData("2026-01-01", "2026-01-01", true)]
    [InlineData("<>2026-01-01", "2026-01-01", false)]
    [InlineData("<>2026-01-01", "2026-01-02", true)]
    [InlineData("2026-01-01|2026-12-31", "2026-12-31", true)]
    [InlineData(">=2026-01-01&<2026-02-01", "2026-01-31", true)]
    [InlineData(">=2026-01-01&<2026-02-01", "2026-02-01", false)]
    [InlineData(">2025-12-31", "2026-01-01", true)]
    [InlineData("2024-02-29", "2024-02-29", true)]
    // a blank date equals no date and is in no range; only '' and <> match it
    [InlineData("''", null, true)]
    [InlineData("''", "", true)]
    [InlineData("..2026-01-01", null, false)]
    [InlineData("<>2026-01-01", null, true)]
    [InlineData("<>''", null, false)]
    // a value that is not a date never matches a comparison
    [InlineData("..2026-12-31", "yesterday", false)]
    [InlineData("2026-01-01", "01/01/2026", false)]
    [InlineData("<>2026-01-01", "2026-1-1", false)]
    [InlineData("<>''", "soon", true)]
    public void Dates_compare_chronologically(string expression, string? value, bool expected) =>
        Assert.Equal(expected, FieldFilter.Parse("Document Date", expression, RecordFieldType.Date).Matches(value));
}
