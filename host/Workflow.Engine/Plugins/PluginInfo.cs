namespace Workflow.Engine.Plugins;

/// <summary>What the host knows about one plugin folder after loading: what it is, whether it loaded, what it added.</summary>
/// <param name="Name">The plugin's main assembly name, which is also its folder name; unique within the plugins directory.</param>
/// <param name="Version">
/// The main assembly's informational version, else its assembly version; <see langword="null"/> when the assembly could
/// not be read.
/// </param>
/// <param name="File">Full path of the plugin's main assembly.</param>
/// <param name="Status">Whether its registrations are in the catalogue.</param>
/// <param name="Error">Why the plugin failed; <see langword="null"/> when it loaded.</param>
public sealed record PluginInfo(string Name, string? Version, string File, PluginStatus Status, string? Error)
{
    /// <summary>Codes of the record types the plugin added to the catalogue (empty when it failed).</summary>
    public IReadOnlyList<string> RecordTypes { get; init; } = [];

    /// <summary>Codes of the workflow events the plugin added to the catalogue (empty when it failed).</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>Codes of the workflow responses the plugin added to the catalogue (empty when it failed).</summary>
    public IReadOnlyList<string> Responses { get; init; } = [];

    /// <summary>Codes of the workflow templates the plugin added to the catalogue (empty when it failed).</summary>
    public IReadOnlyList<string> Templates { get; init; } = [];
}
