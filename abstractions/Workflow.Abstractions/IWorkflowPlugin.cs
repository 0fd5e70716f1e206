namespace Workflow.Abstractions;

/// <summary>
/// Entry point of a plugin assembly. The host creates every public, non-abstract type of the plugin's main assembly
/// that implements this interface (it needs a public parameterless constructor) and calls <see cref="Register"/> once,
/// at start-up, before any workflow runs.
/// </summary>
/// <remarks>
/// A plugin is a folder under the host's plugins directory holding <c>&lt;FolderName&gt;.dll</c>, its <c>.deps.json</c>
/// and its dependencies. It is loaded in its own <see cref="System.Runtime.Loader.AssemblyLoadContext"/>, so it may ship
/// its own versions of third-party assemblies; <c>Workflow.Abstractions</c> always comes from the host and must not be
/// copied into the plugin folder (reference it with <c>Private="false"</c>, or <c>ExcludeAssets="runtime"</c>).
/// If <see cref="Register"/> throws, nothing the plugin registered is kept: the plugin is listed as failed with the error
/// and every other plugin keeps working.
/// </remarks>
public interface IWorkflowPlugin
{
    /// <summary>Adds the plugin's record types, events, responses and templates to the host's catalogue.</summary>
    /// <param name="catalog">Collects the registrations; codes must be unique across all plugins.</param>
    void Register(IWorkflowCatalogBuilder catalog);
}
