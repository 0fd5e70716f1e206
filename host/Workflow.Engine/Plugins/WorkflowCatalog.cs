using System.Collections.Frozen;
using Workflow.Abstractions;

namespace Workflow.Engine.Plugins;

/// <summary>
/// Everything the loaded plugins registered: record types, workflow events, workflow responses and workflow templates,
/// each with the plugin it came from, plus the outcome of every plugin folder. Immutable once loaded, so it can be read
/// from any thread; codes are looked up case-insensitively.
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly FrozenDictionary<string, CatalogEntry<RecordTypeDefinition>> _recordTypesByCode;
    private readonly FrozenDictionary<string, CatalogEntry<WorkflowEventDefinition>> _eventsByCode;
    private readonly FrozenDictionary<string, CatalogEntry<WorkflowResponseDefinition>> _responsesByCode;
    private readonly FrozenDictionary<string, CatalogEntry<WorkflowTemplateDefinition>> _templatesByCode;

    internal WorkflowCatalog(
        IEnumerable<PluginInfo> plugins,
        IEnumerable<CatalogEntry<RecordTypeDefinition>> recordTypes,
        IEnumerable<CatalogEntry<WorkflowEventDefinition>> events,
        IEnumerable<CatalogEntry<WorkflowResponseDefinition>> responses,
        IEnumerable<CatalogEntry<WorkflowTemplateDefinition>> templates)
    {
        Plugins = plugins.ToArray().AsReadOnly();
        RecordTypes = recordTypes.ToArray().AsReadOnly();
        Events = events.ToArray().AsReadOnly();
        Responses = responses.ToArray().AsReadOnly();
        Templates = templates.ToArray().AsReadOnly();
        _recordTypesByCode = ByCode(RecordTypes);
        _eventsByCode = ByCode(Events);
        _responsesByCode = ByCode(Responses);
        _templatesByCode = ByCode(Templates);
    }

    /// <summary>A catalogue without plugins.</summary>
    public static WorkflowCatalog Empty { get; } = new([], [], [], [], []);

    /// <summary>Every plugin folder found, loaded or failed, in load order (folder name, ordinal).</summary>
    public IReadOnlyList<PluginInfo> Plugins { get; }

    /// <summary>The registered record types, in load order.</summary>
    public IReadOnlyList<CatalogEntry<RecordTypeDefinition>> RecordTypes { get; }

    /// <summary>The registered workflow events, in load order.</summary>
    public IReadOnlyList<CatalogEntry<WorkflowEventDefinition>> Events { get; }

    /// <summary>The registered workflow responses, in load order.</summary>
    public IReadOnlyList<CatalogEntry<WorkflowResponseDefinition>> Responses { get; }

    /// <summary>The registered workflow templates, in load order.</summary>
    public IReadOnlyList<CatalogEntry<WorkflowTemplateDefinition>> Templates { get; }

    /// <summary>The record type with the code (case-insensitive), or <see langword="null"/>.</summary>
    public CatalogEntry<RecordTypeDefinition>? FindRecordType(string code) => Find(_recordTypesByCode, code);

    /// <summary>The workflow event with the code (case-insensitive), or <see langword="null"/>.</summary>
    public CatalogEntry<WorkflowEventDefinition>? FindEvent(string code) => Find(_eventsByCode, code);

    /// <summary>The workflow response with the code (case-insensitive), or <see langword="null"/>.</summary>
    public CatalogEntry<WorkflowResponseDefinition>? FindResponse(string code) => Find(_responsesByCode, code);

    /// <summary>The workflow template with the code (case-insensitive), or <see langword="null"/>.</summary>
    public CatalogEntry<WorkflowTemplateDefinition>? FindTemplate(string code) => Find(_templatesByCode, code);

    private static FrozenDictionary<string, CatalogEntry<T>> ByCode<T>(IEnumerable<CatalogEntry<T>> entries)
        where T : class =>
        entries.ToFrozenDictionary(entry => entry.Code, StringComparer.OrdinalIgnoreCase);

    private static CatalogEntry<T>? Find<T>(FrozenDictionary<string, CatalogEntry<T>> entries, string code)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(code);
        return entries.GetValueOrDefault(code);
    }
}
