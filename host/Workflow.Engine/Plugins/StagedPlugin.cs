namespace Workflow.Engine.Plugins;

/// <summary>One plugin on its way into the catalogue: what it is, and either what it registered or why it failed.</summary>
/// <param name="Name">See <see cref="PluginInfo.Name"/>.</param>
/// <param name="Version">See <see cref="PluginInfo.Version"/>.</param>
/// <param name="File">See <see cref="PluginInfo.File"/>.</param>
internal sealed record StagedPlugin(string Name, string? Version, string File)
{
    /// <summary>What the plugin registered; <see langword="null"/> when it failed before or during registration.</summary>
    public PluginRegistrations? Registrations { get; init; }

    /// <summary>Why the plugin failed; <see langword="null"/> while it is still accepted.</summary>
    public string? Error { get; init; }

    /// <summary>The exception behind <see cref="Error"/>, if there was one, for the log.</summary>
    public Exception? Exception { get; init; }

    public bool Accepted => Error is null && Registrations is not null;

    public StagedPlugin Fail(string error, Exception? exception = null) => this with { Error = error, Exception = exception };
}
