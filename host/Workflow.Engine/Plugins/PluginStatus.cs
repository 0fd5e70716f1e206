namespace Workflow.Engine.Plugins;

/// <summary>Whether a plugin's registrations made it into the catalogue.</summary>
public enum PluginStatus
{
    /// <summary>Everything the plugin registered is in the catalogue.</summary>
    Loaded,

    /// <summary>Nothing the plugin registered is in the catalogue; <see cref="PluginInfo.Error"/> says why.</summary>
    Failed,
}
