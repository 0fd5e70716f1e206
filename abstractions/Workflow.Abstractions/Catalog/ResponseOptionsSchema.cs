namespace Workflow.Abstractions;

/// <summary>The typed options a workflow response takes (Business Central's response option group).</summary>
/// <param name="Options">The options, in the order users see them.</param>
public sealed record ResponseOptionsSchema(IReadOnlyList<ResponseOptionDefinition> Options)
{
    /// <summary>A response that takes no options.</summary>
    public static ResponseOptionsSchema None { get; } = new([]);
}

/// <summary>One option of a workflow response, e.g. the message of "Show message" or the due date formula of an approval request.</summary>
/// <param name="Name">Option name as used in workflow definitions and the API, e.g. <c>dueDateFormula</c>.</param>
/// <param name="Type">How the value is typed and checked.</param>
/// <param name="Required">True when a step using the response must set the option.</param>
public sealed record ResponseOptionDefinition(string Name, ResponseOptionType Type, bool Required = false)
{
    /// <summary>What the option means, for users.</summary>
    public string? Description { get; init; }

    /// <summary>For <see cref="ResponseOptionType.Option"/>: the values allowed (compared case-insensitively).</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>The value used when a step leaves the option unset, in its invariant text form.</summary>
    public string? DefaultValue { get; init; }
}

/// <summary>Value types of response options. Values travel as invariant-culture text and are checked against the type.</summary>
public enum ResponseOptionType
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A decimal number (invariant culture, dot separator).</summary>
    Decimal,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>One of <see cref="ResponseOptionDefinition.AllowedValues"/>.</summary>
    Option,
    /// <summary>A Business Central date formula such as <c>&lt;2D&gt;</c>, <c>&lt;1W&gt;</c> or <c>&lt;CM+5D&gt;</c>.</summary>
    DateFormula,
    /// <summary>The id of a user of the same tenant.</summary>
    UserId,
    /// <summary>The name of a field of the record the workflow carries.</summary>
    FieldName,
}
