namespace Workflow.Engine.Conditions;

/// <summary>
/// A filter expression on one field that is not valid Business Central filter syntax for the field's type,
/// e.g. <c>&gt;</c> with nothing after it, an unbalanced quote, or <c>abc</c> on a number field.
/// </summary>
public sealed class FilterSyntaxException : FormatException
{
    public FilterSyntaxException(string field, int position, string reason)
        : base($"Condition on '{field}' is not valid at position {position}: {reason}.")
    {
        Field = field;
        Position = position;
        Reason = reason;
    }

    /// <summary>The filtered field.</summary>
    public string Field { get; }

    /// <summary>0-based index into the expression where the problem was found.</summary>
    public int Position { get; }

    /// <summary>What is wrong, without the field and position (e.g. <c>expected a number after '&gt;'</c>).</summary>
    public string Reason { get; }
}
