using System.Runtime.Loader;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Abstractions;
using Workflow.Engine.Plugins;

namespace Workflow.Tests.Plugins;

/// <summary>Each plugin runs with its own dependencies, and all of them with the host's contract.</summary>
public sealed class PluginIsolationTests
{
    private static Task<WorkflowCatalog> LoadTestPluginsAsync() =>
        new PluginLoader(NullLogger<PluginLoader>.Instance).LoadAsync(BuiltPlugins.TestPluginsDirectory);

    [Fact]
    public async Task Plugins_shipping_different_versions_of_one_library_each_run_with_their_own()
    {
        var catalog = await LoadTestPluginsAsync();

        Assert.Equal(PluginStatus.Loaded, Plugin(catalog, BuiltPlugins.VersionProbeA).Status);
        Assert.Equal(PluginStatus.Loaded, Plugin(catalog, BuiltPlugins.VersionProbeB).Status);
        Assert.Equal("Newtonsoft.Json 12.0.0.0", catalog.FindEvent("VERSION_PROBE_A")!.Definition.Description);
        Assert.Equal("Newtonsoft.Json 13.0.0.0", catalog.FindEvent("VERSION_PROBE_B")!.Definition.Description);

        // Not just at registration: the handlers run with the same versions later, outside the loader.
        foreach (var (code, version) in new[] { ("VERSION_PROBE_A_RESPONSE", "12.0.0.0"), ("VERSION_PROBE_B_RESPONSE", "13.0.0.0") })
        {
            var context = new TestResponseContext(new Dictionary<string, string>(), new Dictionary<string, string?> { ["Amount"] = "5" });
            await catalog.FindResponse(code)!.Definition.Handler.ExecuteAsync(context, CancellationToken.None);
            Assert.Equal($"Newtonsoft.Json {version} {{\"Amount\":\"5\"}}", Assert.Single(context.History));
        }
    }

    [Fact]
    public async Task Each_plugin_has_its_own_load_context()
    {
        var catalog = await LoadTestPluginsAsync();

        var contextA = AssemblyLoadContext.GetLoadContext(catalog.FindResponse("VERSION_PROBE_A_RESPONSE")!.Definition.Handler.GetType().Assembly);
        var contextB = AssemblyLoadContext.GetLoadContext(catalog.FindResponse("VERSION_PROBE_B_RESPONSE")!.Definition.Handler.GetType().Assembly);

        Assert.NotNull(contextA);
        Assert.NotNull(contextB);
        Assert.NotSame(AssemblyLoadContext.Default, contextA);
        Assert.NotSame(contextA, contextB);
        Assert.Contains(contextA.Assemblies, assembly => assembly.GetName().Name == "Newtonsoft.Json" && assembly.GetName().Version == new Version(12, 0, 0, 0));
        Assert.Contains(contextB.Assemblies, assembly => assembly.GetName().Name == "Newtonsoft.Json" && assembly.GetName().Version == new Version(13, 0, 0, 0));
    }

    [Fact]
    public async Task The_contract_assembly_comes_from_the_host()
    {
        var catalog = await new PluginLoader(NullLogger<PluginLoader>.Instance).LoadAsync(BuiltPlugins.BuiltInDirectory);

        var handler = catalog.FindResponse("SHOW_MESSAGE")!.Definition.Handler;
        var pluginContext = AssemblyLoadContext.GetLoadContext(handler.GetType().Assembly)!;

        Assert.NotSame(AssemblyLoadContext.Default, pluginContext);
        Assert.Contains(typeof(IWorkflowResponseHandler), handler.GetType().GetInterfaces());
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(IWorkflowResponseHandler).Assembly));
        Assert.DoesNotContain(pluginContext.Assemblies, assembly => assembly.GetName().Name == "Workflow.Abstractions");
    }

    [Fact]
    public async Task A_copy_of_the_contract_in_a_plugin_folder_is_ignored_with_a_warning()
    {
        using var directory = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic);
        File.Copy(typeof(IWorkflowPlugin).Assembly.Location, Path.Combine(directory.Path, BuiltPlugins.Generic, "Workflow.Abstractions.dll"));
        var logger = new RecordingLogger<PluginLoader>();

        var catalog = await new PluginLoader(logger).LoadAsync(directory.Path);

        Assert.Equal(PluginStatus.Loaded, Assert.Single(catalog.Plugins).Status);
        Assert.Contains(typeof(IWorkflowResponseHandler), catalog.FindResponse("SHOW_MESSAGE")!.Definition.Handler.GetType().GetInterfaces());
        Assert.Contains(logger.MessagesAt(Microsoft.Extensions.Logging.LogLevel.Warning), message => message.Contains("Workflow.Abstractions.dll"));
    }

    [Theory]
    [InlineData(BuiltPlugins.Generic)]
    [InlineData(BuiltPlugins.VersionProbeA)]
    [InlineData(BuiltPlugins.VersionProbeB)]
    [InlineData(BuiltPlugins.MissingDependency)]
    [InlineData(BuiltPlugins.Throwing)]
    [InlineData(BuiltPlugins.DuplicateEvent)]
    public void Plugin_folders_do_not_carry_the_contract_assembly(string plugin)
    {
        var folder = BuiltPlugins.FolderOf(plugin);

        Assert.True(File.Exists(Path.Combine(folder, plugin + ".dll")), $"{plugin} was not built into {folder}.");
        Assert.True(File.Exists(Path.Combine(folder, plugin + ".deps.json")), $"{plugin} has no .deps.json in {folder}.");
        Assert.False(File.Exists(Path.Combine(folder, "Workflow.Abstractions.dll")));
    }

    [Fact]
    public async Task A_plugin_whose_dependency_is_missing_fails_naming_it_and_the_others_load()
    {
        // The arrangement the build made: listed in the .deps.json, absent from the folder.
        var folder = BuiltPlugins.FolderOf(BuiltPlugins.MissingDependency);
        Assert.Contains(BuiltPlugins.LostLibrary, await File.ReadAllTextAsync(Path.Combine(folder, BuiltPlugins.MissingDependency + ".deps.json")));
        Assert.False(File.Exists(Path.Combine(folder, BuiltPlugins.LostLibrary + ".dll")));

        var catalog = await LoadTestPluginsAsync();

        var plugin = Plugin(catalog, BuiltPlugins.MissingDependency);
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Contains($"Could not load file or assembly '{BuiltPlugins.LostLibrary}", plugin.Error);
        Assert.Null(catalog.FindEvent("MISSING_DEPENDENCY_EVENT"));
        Assert.Empty(plugin.Events);
        Assert.Equal(PluginStatus.Loaded, Plugin(catalog, BuiltPlugins.VersionProbeA).Status);
        Assert.Equal(PluginStatus.Loaded, Plugin(catalog, BuiltPlugins.VersionProbeB).Status);
    }

    private static PluginInfo Plugin(WorkflowCatalog catalog, string name) => Assert.Single(catalog.Plugins, plugin => plugin.Name == name);
}
