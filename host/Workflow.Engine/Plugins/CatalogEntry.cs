namespace Workflow.Engine.Plugins;

/// <summary>A definition in the <see cref="WorkflowCatalog"/>, with the plugin that registered it.</summary>
/// <typeparam name="TDefinition">A record type, event, response or template definition.</typeparam>
/// <param name="Code">The definition's code, as the plugin spelled it.</param>
/// <param name="Definition">The definition the plugin registered.</param>
/// <param name="PluginName">Name of the plugin that registered it (see <see cref="PluginInfo.Name"/>).</param>
public sealed record CatalogEntry<TDefinition>(string Code, TDefinition Definition, string PluginName)
    where TDefinition : class;
