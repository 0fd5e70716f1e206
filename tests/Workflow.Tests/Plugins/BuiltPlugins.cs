namespace Workflow.Tests.Plugins;

/// <summary>
/// The plugin folders the build puts beside the tests: the built-in plugins in <c>plugins/</c> (as beside the server)
/// and the loader's test plugins in <c>testplugins/</c>. Tests only read these; to arrange a directory they copy
/// folders into a <see cref="TemporaryPluginsDirectory"/>.
/// </summary>
internal static class BuiltPlugins
{
    public const string Generic = "Workflow.Plugins.Generic";
    public const string VersionProbeA = "Workflow.TestPlugins.VersionProbeA";
    public const string VersionProbeB = "Workflow.TestPlugins.VersionProbeB";
    public const string MissingDependency = "Workflow.TestPlugins.MissingDependency";
    public const string LostLibrary = "Workflow.TestPlugins.LostLibrary";
    public const string Throwing = "Workflow.TestPlugins.Throwing";
    public const string DuplicateEvent = "Workflow.TestPlugins.DuplicateEvent";

    public static string BuiltInDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string TestPluginsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "testplugins");

    /// <summary>The built folder of a plugin, from either directory.</summary>
    public static string FolderOf(string plugin)
    {
        var builtIn = Path.Combine(BuiltInDirectory, plugin);
        return Directory.Exists(builtIn) ? builtIn : Path.Combine(TestPluginsDirectory, plugin);
    }
}
