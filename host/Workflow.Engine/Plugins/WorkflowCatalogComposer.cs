using Workflow.Abstractions;

namespace Workflow.Engine.Plugins;

/// <summary>
/// Merges staged plugins into a <see cref="WorkflowCatalog"/>: a plugin is kept whole or not at all. Codes are
/// first come, first served in load order; references between definitions (an event's record type, a template's steps)
/// are checked once every plugin is in, because they may point into another plugin.
/// </summary>
internal sealed class WorkflowCatalogComposer
{
    private readonly List<StagedPlugin> _plugins = [];
    private readonly Dictionary<CatalogKind, Dictionary<string, string>> _owners = new()
    {
        [CatalogKind.RecordType] = new(StringComparer.OrdinalIgnoreCase),
        [CatalogKind.Event] = new(StringComparer.OrdinalIgnoreCase),
        [CatalogKind.Response] = new(StringComparer.OrdinalIgnoreCase),
        [CatalogKind.Template] = new(StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>
    /// Adds the next plugin in load order. An accepted plugin whose codes clash with an earlier plugin's is failed;
    /// the earlier plugin keeps its codes.
    /// </summary>
    public void Add(StagedPlugin plugin)
    {
        if (plugin.Accepted && FindClashes(plugin.Registrations!) is { Count: > 0 } clashes)
        {
            plugin = plugin.Fail(string.Join(" ", clashes));
        }

        if (plugin.Accepted)
        {
            foreach (var (kind, code) in CodesOf(plugin.Registrations!))
            {
                _owners[kind].Add(code, plugin.Name);
            }
        }

        _plugins.Add(plugin);
    }

    /// <summary>Fails the plugins with dangling references, then builds the catalogue from the rest.</summary>
    /// <returns>The catalogue, and every plugin's final outcome in load order.</returns>
    public (WorkflowCatalog Catalog, IReadOnlyList<StagedPlugin> Outcomes) Compose()
    {
        var plugins = _plugins.ToArray();

        // Failing one plugin can leave another pointing at nothing (its events used the failed plugin's record type),
        // so repeat until a pass fails nobody. Each pass removes at least one plugin, so this ends.
        while (true)
        {
            var accepted = plugins.Where(plugin => plugin.Accepted).ToArray();
            var known = new KnownCodes(accepted);
            var failedAny = false;
            for (var i = 0; i < plugins.Length; i++)
            {
                if (plugins[i].Accepted && FindDanglingReferences(plugins[i].Registrations!, known) is { Count: > 0 } problems)
                {
                    plugins[i] = plugins[i].Fail(string.Join(" ", problems));
                    failedAny = true;
                }
            }

            if (!failedAny)
            {
                return (Build(plugins), plugins);
            }
        }
    }

    private List<string> FindClashes(PluginRegistrations registrations)
    {
        var clashes = new List<string>();
        foreach (var (kind, code) in CodesOf(registrations))
        {
            if (_owners[kind].TryGetValue(code, out var owner))
            {
                clashes.Add($"{kind.Describe()} code '{code}' is already registered by plugin '{owner}'.");
            }
        }

        return clashes;
    }

    private static List<string> FindDanglingReferences(PluginRegistrations registrations, KnownCodes known)
    {
        var problems = new List<string>();
        foreach (var workflowEvent in registrations.Events)
        {
            if (workflowEvent.RecordType is { } recordType && !known.RecordTypes.Contains(recordType))
            {
                problems.Add($"Event '{workflowEvent.Code}' refers to record type '{recordType}', which no loaded plugin registers.");
            }
        }

        foreach (var response in registrations.Responses)
        {
            if (response.RecordType is { } recordType && !known.RecordTypes.Contains(recordType))
            {
                problems.Add($"Response '{response.Code}' refers to record type '{recordType}', which no loaded plugin registers.");
            }
        }

        foreach (var template in registrations.Templates)
        {
            foreach (var step in template.Steps)
            {
                var (codes, what) = step.Type == WorkflowStepType.Event ? (known.Events, "event") : (known.Responses, "response");
                if (!codes.Contains(step.FunctionCode))
                {
                    problems.Add($"Step {step.Id} of template '{template.Code}' uses {what} '{step.FunctionCode}', which no loaded plugin registers.");
                }
            }
        }

        return problems;
    }

    private static WorkflowCatalog Build(IReadOnlyList<StagedPlugin> plugins)
    {
        var infos = new List<PluginInfo>(plugins.Count);
        var recordTypes = new List<CatalogEntry<RecordTypeDefinition>>();
        var events = new List<CatalogEntry<WorkflowEventDefinition>>();
        var responses = new List<CatalogEntry<WorkflowResponseDefinition>>();
        var templates = new List<CatalogEntry<WorkflowTemplateDefinition>>();

        foreach (var plugin in plugins)
        {
            if (!plugin.Accepted)
            {
                infos.Add(new PluginInfo(plugin.Name, plugin.Version, plugin.File, PluginStatus.Failed, plugin.Error));
                continue;
            }

            var registered = plugin.Registrations!;
            recordTypes.AddRange(registered.RecordTypes.Select(definition => new CatalogEntry<RecordTypeDefinition>(definition.Code, definition, plugin.Name)));
            events.AddRange(registered.Events.Select(definition => new CatalogEntry<WorkflowEventDefinition>(definition.Code, definition, plugin.Name)));
            responses.AddRange(registered.Responses.Select(definition => new CatalogEntry<WorkflowResponseDefinition>(definition.Code, definition, plugin.Name)));
            templates.AddRange(registered.Templates.Select(definition => new CatalogEntry<WorkflowTemplateDefinition>(definition.Code, definition, plugin.Name)));
            infos.Add(new PluginInfo(plugin.Name, plugin.Version, plugin.File, PluginStatus.Loaded, Error: null)
            {
                RecordTypes = registered.RecordTypes.Select(definition => definition.Code).ToArray(),
                Events = registered.Events.Select(definition => definition.Code).ToArray(),
                Responses = registered.Responses.Select(definition => definition.Code).ToArray(),
                Templates = registered.Templates.Select(definition => definition.Code).ToArray(),
            });
        }

        return new WorkflowCatalog(infos, recordTypes, events, responses, templates);
    }

    private static IEnumerable<(CatalogKind Kind, string Code)> CodesOf(PluginRegistrations registrations) =>
        registrations.RecordTypes.Select(definition => (CatalogKind.RecordType, definition.Code))
            .Concat(registrations.Events.Select(definition => (CatalogKind.Event, definition.Code)))
            .Concat(registrations.Responses.Select(definition => (CatalogKind.Response, definition.Code)))
            .Concat(registrations.Templates.Select(definition => (CatalogKind.Template, definition.Code)));

    /// <summary>The codes the accepted plugins register, for reference checks.</summary>
    private sealed class KnownCodes
    {
        public KnownCodes(IEnumerable<StagedPlugin> accepted)
        {
            foreach (var plugin in accepted)
            {
                RecordTypes.UnionWith(plugin.Registrations!.RecordTypes.Select(definition => definition.Code));
                Events.UnionWith(plugin.Registrations.Events.Select(definition => definition.Code));
                Responses.UnionWith(plugin.Registrations.Responses.Select(definition => definition.Code));
            }
        }

        public HashSet<string> RecordTypes { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Events { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Responses { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
