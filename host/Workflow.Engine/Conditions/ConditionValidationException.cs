namespace Workflow.Engine.Conditions;

/// <summary>One thing wrong with a set of event conditions.</summary>
/// <param name="Field">The field as the caller named it.</param>
/// <param name="Position">0-based index into that field's expression, when the problem is in the expression's syntax.</param>
/// <param name="Reason">What is wrong.</param>
public sealed record ConditionProblem(string Field, int? Position, string Reason)
{
    /// <summary>The problem as one sentence users can read.</summary>
    public string Message => Position is { } position
        ? $"Condition on '{Field}' is not valid at position {position}: {Reason}."
        : $"Condition on '{Field}' is not valid: {Reason}.";

    public override string ToString() => Message;
}

/// <summary>
/// Event conditions that cannot be used. Lists every problem found, not only the first, so users can fix them all at once.
/// </summary>
public sealed class ConditionValidationException : Exception
{
    public ConditionValidationException(IReadOnlyList<ConditionProblem> problems)
        : base(string.Join(" ", problems.Select(p => p.Message)))
    {
        Problems = problems;
    }

    /// <summary>The problems, in the order the conditions were given.</summary>
    public IReadOnlyList<ConditionProblem> Problems { get; }
}
