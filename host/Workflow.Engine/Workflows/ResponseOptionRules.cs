using System.Globalization;
using Workflow.Abstractions;
using Workflow.Engine.Calendar;

namespace Workflow.Engine.Workflows;

/// <summary>Checks a response step's option values against the response's typed schema.</summary>
public static class ResponseOptionRules
{
    /// <summary>
    /// Adds a problem for each unknown option, missing required option and value that does not fit its type.
    /// <paramref name="userExists"/> and <paramref name="recordType"/> are null when the check cannot be made (at save time).
    /// </summary>
    public static void Check(
        string fieldPrefix,
        IReadOnlyDictionary<string, string> values,
        WorkflowResponseDefinition response,
        RecordTypeDefinition? recordType,
        Func<string, bool>? userExists,
        ProblemList problems)
    {
        CheckNames(fieldPrefix, stepId: null, values, response, problems);

        var typedOk = true;
        foreach (var option in response.Options.Options)
        {
            var field = $"{fieldPrefix}.{option.Name}";
            var value = values.FirstOrDefault(v => string.Equals(v.Key, option.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (string.IsNullOrEmpty(value))
            {
                if (option.Required && option.DefaultValue is null)
                {
                    problems.Add(field, $"is required by response {response.Code}.");
                    typedOk = false;
                }
                continue;
            }
            if (Problem(option, value, recordType, userExists) is { } reason)
            {
                problems.Add(field, reason);
                typedOk = false;
            }
        }

        if (!typedOk)
            return;
        foreach (var reason in response.Handler.ValidateOptions(WithDefaults(values, response)))
            problems.Add(fieldPrefix, reason);
    }

    /// <summary>
    /// Adds a problem for each option the response does not take. Checked on every save, not only when enabling: a
    /// misspelt option (<c>approverId</c> for <c>approverUserId</c>) would otherwise be stored and silently ignored.
    /// </summary>
    public static void CheckNames(string fieldPrefix, int? stepId, IReadOnlyDictionary<string, string> values, WorkflowResponseDefinition response, ProblemList problems)
    {
        var schema = response.Options.Options.Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var step = stepId is { } id ? $" (step {id})" : "";
        foreach (var name in values.Keys.Where(name => !schema.Contains(name)))
            problems.Add($"{fieldPrefix}.{name}", $"is not an option of response {response.Code}{step}; it takes: {Describe(response)}.");
    }

    /// <summary>The values with the schema's defaults filled in, as the response sees them.</summary>
    public static WorkflowResponseOptions WithDefaults(IReadOnlyDictionary<string, string> values, WorkflowResponseDefinition response)
    {
        var merged = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        foreach (var option in response.Options.Options)
            if (option.DefaultValue is not null && (!merged.TryGetValue(option.Name, out var value) || string.IsNullOrEmpty(value)))
                merged[option.Name] = option.DefaultValue;
        return new WorkflowResponseOptions(merged);
    }

    private static string? Problem(ResponseOptionDefinition option, string value, RecordTypeDefinition? recordType, Func<string, bool>? userExists) => option.Type switch
    {
        ResponseOptionType.Integer when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => $"'{value}' is not a whole number.",
        ResponseOptionType.Decimal when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) => $"'{value}' is not a number.",
        ResponseOptionType.Boolean when !bool.TryParse(value, out _) => $"'{value}' is not true or false.",
        ResponseOptionType.Option when !option.AllowedValues.Contains(value, StringComparer.OrdinalIgnoreCase) =>
            $"'{value}' is not one of: {string.Join(", ", option.AllowedValues)}.",
        ResponseOptionType.DateFormula when !DateFormula.TryParse(value, out _, out var error) => error,
        ResponseOptionType.UserId when userExists is not null && !userExists(value) => $"user '{value}' does not exist in this tenant.",
        ResponseOptionType.FieldName when recordType is not null && !recordType.Fields.Any(f => string.Equals(f.Name, value, StringComparison.OrdinalIgnoreCase)) =>
            $"record type {recordType.Code} has no field '{value}'.",
        _ => null,
    };

    private static string Describe(WorkflowResponseDefinition response) =>
        response.Options.Options.Count == 0 ? "no options" : string.Join(", ", response.Options.Options.Select(o => o.Name));
}
