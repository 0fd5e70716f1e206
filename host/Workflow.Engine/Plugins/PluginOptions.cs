namespace Workflow.Engine.Plugins;

/// <summary>Where the host looks for plugins.</summary>
public sealed class PluginOptions
{
    /// <summary>
    /// The plugins directory: one sub-folder per plugin, holding <c>&lt;FolderName&gt;.dll</c>, its <c>.deps.json</c> and
    /// its dependencies. Defaults to <c>plugins</c> beside the host's own assemblies, where the build puts the built-in
    /// plugins.
    /// </summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "plugins");
}
