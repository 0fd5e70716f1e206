using System.Globalization;

namespace Workflow.Abstractions;

/// <summary>
/// The option values of one response step, in invariant text form, with the schema's defaults applied.
/// The typed getters assume the values were checked against the schema (the host does so before a workflow is enabled).
/// </summary>
public sealed class WorkflowResponseOptions
{
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <summary>Creates the options from values by option name (compared case-insensitively).</summary>
    public WorkflowResponseOptions(IReadOnlyDictionary<string, string> values) =>
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);

    /// <summary>All values by option name.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The option's text, or <see langword="null"/> when it is not set.</summary>
    public string? GetText(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The option as a whole number, or <see langword="null"/> when it is not set.</summary>
    public int? GetInteger(string name) => GetText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>The option as a decimal number, or <see langword="null"/> when it is not set.</summary>
    public decimal? GetDecimal(string name) => GetText(name) is { } text ? decimal.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>The option as a boolean; <see langword="false"/> when it is not set.</summary>
    public bool GetBoolean(string name) => GetText(name) is { } text && bool.Parse(text);
}
