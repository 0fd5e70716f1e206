namespace Workflow.Engine.Plugins;

/// <summary>The four kinds of definitions a plugin registers; each kind has its own code space.</summary>
internal enum CatalogKind
{
    RecordType,
    Event,
    Response,
    Template,
}

/// <summary>Wording of <see cref="CatalogKind"/> in messages.</summary>
internal static class CatalogKindText
{
    /// <summary>The kind as it starts a sentence, e.g. "Record type".</summary>
    public static string Describe(this CatalogKind kind) => kind switch
    {
        CatalogKind.RecordType => "Record type",
        CatalogKind.Event => "Event",
        CatalogKind.Response => "Response",
        CatalogKind.Template => "Template",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
