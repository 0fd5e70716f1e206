using Microsoft.Extensions.Logging;
using Workflow.Engine.Plugins;

namespace Workflow.Tests.Plugins;

/// <summary>A broken plugin is listed as failed, contributes nothing, is logged, and leaves every other plugin working.</summary>
public sealed class PluginFailureTests
{
    private readonly RecordingLogger<PluginLoader> _logger = new();

    private PluginLoader Loader => new(_logger);

    [Fact]
    public async Task A_plugin_that_throws_in_Register_fails_with_the_message_and_keeps_nothing()
    {
        using var directory = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic).Add(BuiltPlugins.Throwing);

        var catalog = await Loader.LoadAsync(directory.Path);

        var plugin = Assert.Single(catalog.Plugins, plugin => plugin.Name == BuiltPlugins.Throwing);
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Contains("The throwing test plugin fails on purpose.", plugin.Error);
        Assert.Null(catalog.FindRecordType("THROWING_RECORD"));
        Assert.Null(catalog.FindEvent("THROWING_EVENT"));
        Assert.Empty(plugin.RecordTypes);
        Assert.Empty(plugin.Events);
        Assert.Equal(PluginStatus.Loaded, Assert.Single(catalog.Plugins, p => p.Name == BuiltPlugins.Generic).Status);
        Assert.Equal(3, catalog.Events.Count);

        var logged = Assert.Single(_logger.Entries, entry => entry.Level == LogLevel.Error);
        Assert.Contains(BuiltPlugins.Throwing, logged.Message);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task A_plugin_reusing_an_event_code_fails_naming_the_code_and_its_owner_who_keeps_it()
    {
        using var directory = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic).Add(BuiltPlugins.DuplicateEvent);

        var catalog = await Loader.LoadAsync(directory.Path);

        var duplicate = Assert.Single(catalog.Plugins, plugin => plugin.Name == BuiltPlugins.DuplicateEvent);
        Assert.Equal(PluginStatus.Failed, duplicate.Status);
        Assert.Equal("Event code 'record_created' is already registered by plugin 'Workflow.Plugins.Generic'.", duplicate.Error);

        var owner = catalog.FindEvent("RECORD_CREATED");
        Assert.NotNull(owner);
        Assert.Equal(BuiltPlugins.Generic, owner.PluginName);
        Assert.Equal("A record is created.", owner.Definition.Description);
        Assert.Null(catalog.FindEvent("DUPLICATE_EVENT_OWN"));
        Assert.Contains(_logger.MessagesAt(LogLevel.Error), message => message.Contains(BuiltPlugins.DuplicateEvent));
    }

    [Fact]
    public async Task Plugins_load_in_ordinal_folder_order()
    {
        var catalog = await Loader.LoadAsync(BuiltPlugins.TestPluginsDirectory);

        var names = catalog.Plugins.Select(plugin => plugin.Name).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(6, names.Length);
    }

    [Fact]
    public async Task A_missing_plugins_directory_gives_an_empty_catalogue_and_a_warning()
    {
        var missing = Path.Combine(Path.GetTempPath(), "wf-plugins-missing-" + Guid.NewGuid().ToString("N"));

        var catalog = await Loader.LoadAsync(missing);

        Assert.Empty(catalog.Plugins);
        Assert.Empty(catalog.Events);
        Assert.Contains(_logger.MessagesAt(LogLevel.Warning), message => message.Contains(missing));
    }

    [Fact]
    public async Task Folders_without_a_usable_main_assembly_fail_and_the_others_load()
    {
        using var directory = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic);
        directory.AddFolder("Empty");
        await File.WriteAllTextAsync(Path.Combine(directory.AddFolder("NotAnAssembly"), "NotAnAssembly.dll"), "not a PE file");
        directory.AddFolder(".hidden");

        var catalog = await Loader.LoadAsync(directory.Path);

        Assert.Equal(["Empty", "NotAnAssembly", BuiltPlugins.Generic], catalog.Plugins.Select(plugin => plugin.Name));
        var empty = catalog.Plugins[0];
        Assert.Equal(PluginStatus.Failed, empty.Status);
        Assert.Equal("The plugin folder has no Empty.dll.", empty.Error);
        Assert.Equal(Path.Combine(directory.Path, "Empty", "Empty.dll"), empty.File);
        Assert.Equal(PluginStatus.Failed, catalog.Plugins[1].Status);
        Assert.False(string.IsNullOrEmpty(catalog.Plugins[1].Error));
        Assert.Equal(PluginStatus.Loaded, catalog.Plugins[2].Status);
    }

    [Fact]
    public async Task A_plugin_with_an_unreadable_deps_json_fails_and_the_others_load()
    {
        using var directory = new TemporaryPluginsDirectory().Add(BuiltPlugins.Generic).Add(BuiltPlugins.VersionProbeB);
        await File.WriteAllTextAsync(Path.Combine(directory.Path, BuiltPlugins.VersionProbeB, BuiltPlugins.VersionProbeB + ".deps.json"), "{ this is not json");

        var catalog = await Loader.LoadAsync(directory.Path);

        var broken = Assert.Single(catalog.Plugins, plugin => plugin.Name == BuiltPlugins.VersionProbeB);
        Assert.Equal(PluginStatus.Failed, broken.Status);
        Assert.False(string.IsNullOrWhiteSpace(broken.Error));
        Assert.Equal(PluginStatus.Loaded, Assert.Single(catalog.Plugins, plugin => plugin.Name == BuiltPlugins.Generic).Status);
    }

    [Fact]
    public async Task A_plugin_copied_into_the_directory_shows_up_on_the_next_load()
    {
        using var directory = new TemporaryPluginsDirectory();
        var before = await Loader.LoadAsync(directory.Path);

        directory.Add(BuiltPlugins.VersionProbeB);
        var after = await Loader.LoadAsync(directory.Path);

        Assert.Empty(before.Plugins);
        Assert.Null(before.FindEvent("VERSION_PROBE_B"));
        var plugin = Assert.Single(after.Plugins);
        Assert.Equal(BuiltPlugins.VersionProbeB, plugin.Name);
        Assert.Equal(PluginStatus.Loaded, plugin.Status);
        Assert.Equal(["VERSION_PROBE_B"], plugin.Events);
        Assert.NotNull(after.FindEvent("version_probe_b"));
    }
}
