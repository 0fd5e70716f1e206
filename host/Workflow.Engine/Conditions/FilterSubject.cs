namespace Workflow.Engine.Conditions;

/// <summary>
/// A record field value read once for its field type, so every term of a filter compares against the same typed value
/// without parsing it again.
/// </summary>
internal readonly struct FilterSubject
{
    private FilterSubject(string text, bool isEmpty, bool hasKey, decimal key, bool isInvalid)
    {
        Text = text;
        IsEmpty = isEmpty;
        HasKey = hasKey;
        Key = key;
        IsInvalid = isInvalid;
    }

    /// <summary>The value as text; empty for an absent value.</summary>
    public string Text { get; }

    /// <summary>The value is absent or empty.</summary>
    public bool IsEmpty { get; }

    /// <summary>The value has a position on the field type's scale (<see cref="Key"/>).</summary>
    public bool HasKey { get; }

    /// <summary>Number, day number of a date, 0/1 for a boolean, or the index of an option value.</summary>
    public decimal Key { get; }

    /// <summary>Non-empty, but not a value of the field's type (e.g. <c>abc</c> in a date field): it matches no comparison.</summary>
    public bool IsInvalid { get; }

    public static FilterSubject ForText(string text) => new(text, text.Length == 0, false, 0, false);

    public static FilterSubject ForKey(string text, decimal key, bool isEmpty = false) => new(text, isEmpty, true, key, false);

    public static FilterSubject Blank { get; } = new("", true, false, 0, false);

    public static FilterSubject Invalid(string text) => new(text, false, false, 0, true);
}
