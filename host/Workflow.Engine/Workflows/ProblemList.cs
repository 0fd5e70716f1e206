using Workflow.Engine.Errors;

namespace Workflow.Engine.Workflows;

/// <summary>Collects every problem of a request, by field, so one answer names them all.</summary>
public sealed class ProblemList
{
    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    public bool IsEmpty => _problems.Count == 0;

    public void Add(string field, string reason)
    {
        if (!_problems.TryGetValue(field, out var reasons))
            _problems[field] = reasons = [];
        reasons.Add(reason);
    }

    /// <summary>Throws a <see cref="ValidationFailedException"/> naming every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (!IsEmpty)
            throw new ValidationFailedException(_problems.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }
}
