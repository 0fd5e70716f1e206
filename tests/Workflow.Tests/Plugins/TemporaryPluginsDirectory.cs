namespace Workflow.Tests.Plugins;

/// <summary>A plugins directory of a test's own, in the temp folder, filled with copies of built plugin folders.</summary>
internal sealed class TemporaryPluginsDirectory : IDisposable
{
    public TemporaryPluginsDirectory() => Path = Directory.CreateTempSubdirectory("wf-plugins-").FullName;

    public string Path { get; }

    /// <summary>Copies the built folder of <paramref name="plugin"/> in, as deploying it would.</summary>
    public TemporaryPluginsDirectory Add(string plugin)
    {
        var source = BuiltPlugins.FolderOf(plugin);
        var target = System.IO.Path.Combine(Path, plugin);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return this;
    }

    /// <summary>Makes a plugin folder by hand, for layouts no build produces.</summary>
    public string AddFolder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Windows keeps loaded dependencies locked until the process ends; the temp folder is then left behind.
        }
    }
}
