namespace Workflow.Tests.Infrastructure;

/// <summary>
/// A plugins directory holding the built-in plugins and the scenario record types (Workflow.TestPlugins.Records),
/// assembled once per test run from the build output.
/// </summary>
public static class ScenarioPlugins
{
    private static readonly Lazy<string> Assembled = new(() =>
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("wf-scenario-plugins-").FullName;
        foreach (var source in System.IO.Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "plugins"))
                     .Append(Path.Combine(AppContext.BaseDirectory, "testplugins", "Workflow.TestPlugins.Records")))
        {
            var target = Path.Combine(directory, Path.GetFileName(source));
            foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(source, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }
        return directory;
    });

    public static string Directory => Assembled.Value;
}
