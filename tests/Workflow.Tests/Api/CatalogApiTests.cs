using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Api;

public sealed class CatalogApiTests
{
    private const string GenericPlugin = "Workflow.Plugins.Generic";

    [Fact]
    public async Task The_built_in_plugins_events_and_responses_are_listed_with_their_plugin()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var client = server.AdminClient();

        var plugins = await client.GetFromJsonAsync<JsonElement>("/api/v1/plugins");
        var generic = plugins.EnumerateArray().Single(p => p.GetProperty("name").GetString() == GenericPlugin);
        Assert.Equal("Loaded", generic.GetProperty("status").GetString());
        Assert.EndsWith($"{GenericPlugin}.dll", generic.GetProperty("file").GetString());
        Assert.False(string.IsNullOrEmpty(generic.GetProperty("version").GetString()));

        var events = await client.GetFromJsonAsync<JsonElement>("/api/v1/events");
        var created = events.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "RECORD_CREATED");
        Assert.Equal(GenericPlugin, created.GetProperty("plugin").GetString());
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("code").GetString() == "RECORD_CHANGED" && e.GetProperty("usedForRecordChange").GetBoolean());

        var responses = await client.GetFromJsonAsync<JsonElement>("/api/v1/responses");
        var showMessage = responses.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "SHOW_MESSAGE");
        var message = showMessage.GetProperty("options").EnumerateArray().Single();
        Assert.Equal("message", message.GetProperty("name").GetString());
        Assert.True(message.GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task A_plugin_folder_copied_into_the_plugins_directory_shows_up_after_a_restart()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var pluginsDirectory = Directory.CreateTempSubdirectory("wf-plugins-").FullName;
        try
        {
            await using (var before = new WorkflowServerFactory(database, pluginsDirectory))
            {
                // Only the host's own approval module is there.
                var plugins = await before.AdminClient().GetFromJsonAsync<JsonElement>("/api/v1/plugins");
                Assert.DoesNotContain(plugins.EnumerateArray(), p => p.GetProperty("name").GetString() == GenericPlugin);
                var events = await before.AdminClient().GetFromJsonAsync<JsonElement>("/api/v1/events");
                Assert.DoesNotContain(events.EnumerateArray(), e => e.GetProperty("code").GetString() == "RECORD_CREATED");
            }

            CopyDirectory(Path.Combine(WorkflowServerFactory.BuiltInPluginsDirectory, GenericPlugin), Path.Combine(pluginsDirectory, GenericPlugin));

            await using var after = new WorkflowServerFactory(database, pluginsDirectory);
            var loaded = await after.AdminClient().GetFromJsonAsync<JsonElement>("/api/v1/plugins");
            Assert.Contains(loaded.EnumerateArray(), p => p.GetProperty("name").GetString() == GenericPlugin && p.GetProperty("status").GetString() == "Loaded");
            var eventsAfter = await after.AdminClient().GetFromJsonAsync<JsonElement>("/api/v1/events");
            Assert.Contains(eventsAfter.EnumerateArray(), e => e.GetProperty("code").GetString() == "RECORD_CREATED");
        }
        finally
        {
            Directory.Delete(pluginsDirectory, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
