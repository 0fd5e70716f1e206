using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Abstractions;
using Workflow.Engine.Plugins;

namespace Workflow.Tests.Plugins;

/// <summary>The built-in plugin, loaded the way the server loads it: from the plugins directory beside the host.</summary>
public sealed class GenericPluginTests
{
    private static Task<WorkflowCatalog> LoadBuiltInAsync() =>
        new PluginLoader(NullLogger<PluginLoader>.Instance).LoadAsync(new PluginOptions().Directory);

    [Fact]
    public async Task It_loads_from_the_plugins_directory_beside_the_host()
    {
        var catalog = await LoadBuiltInAsync();

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal(BuiltPlugins.Generic, plugin.Name);
        Assert.Equal(PluginStatus.Loaded, plugin.Status);
        Assert.Null(plugin.Error);
        Assert.StartsWith("0.1.0", plugin.Version);
        Assert.Equal(Path.Combine(BuiltPlugins.BuiltInDirectory, BuiltPlugins.Generic, BuiltPlugins.Generic + ".dll"), plugin.File);
        Assert.Equal(["RECORD_CREATED", "RECORD_CHANGED", "RECORD_DELETED"], plugin.Events);
        Assert.Equal(["SHOW_MESSAGE", "SET_FIELD_VALUE", "SET_RECORD_STATUS"], plugin.Responses);
        Assert.Empty(plugin.RecordTypes);
        Assert.Empty(plugin.Templates);
    }

    [Fact]
    public async Task Its_events_apply_to_any_record_type()
    {
        var catalog = await LoadBuiltInAsync();

        Assert.All(catalog.Events, entry => Assert.Null(entry.Definition.RecordType));
        Assert.All(catalog.Events, entry => Assert.Equal(BuiltPlugins.Generic, entry.PluginName));
        Assert.Equal("A record is created.", catalog.FindEvent("RECORD_CREATED")!.Definition.Description);
        Assert.Equal("A record is deleted.", catalog.FindEvent("RECORD_DELETED")!.Definition.Description);
        var changed = catalog.FindEvent("record_changed")!.Definition;
        Assert.Equal("A record is changed.", changed.Description);
        Assert.True(changed.UsedForRecordChange);
        Assert.False(catalog.FindEvent("RECORD_CREATED")!.Definition.UsedForRecordChange);
    }

    [Fact]
    public async Task Its_responses_declare_their_options()
    {
        var catalog = await LoadBuiltInAsync();

        Assert.All(catalog.Responses, entry => Assert.Null(entry.Definition.RecordType));
        var showMessage = catalog.FindResponse("SHOW_MESSAGE")!.Definition;
        Assert.Equal("Show message \"%1\".", showMessage.Description);
        Assert.Equal([new ResponseOptionDefinition("message", ResponseOptionType.Text, Required: true) { Description = "The message to show." }], showMessage.Options.Options);

        var setField = catalog.FindResponse("SET_FIELD_VALUE")!.Definition.Options.Options;
        Assert.Equal(("field", ResponseOptionType.FieldName, true), (setField[0].Name, setField[0].Type, setField[0].Required));
        Assert.Equal(("value", ResponseOptionType.Text, false), (setField[1].Name, setField[1].Type, setField[1].Required));

        var setStatus = Assert.Single(catalog.FindResponse("SET_RECORD_STATUS")!.Definition.Options.Options);
        Assert.Equal(("status", ResponseOptionType.Text, true), (setStatus.Name, setStatus.Type, setStatus.Required));
    }

    [Fact]
    public async Task Show_message_adds_the_message_to_the_history()
    {
        var catalog = await LoadBuiltInAsync();
        var context = new TestResponseContext(new Dictionary<string, string> { ["message"] = "The approval request for the record has been canceled." });

        await catalog.FindResponse("SHOW_MESSAGE")!.Definition.Handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(["The approval request for the record has been canceled."], context.History);
    }

    [Fact]
    public async Task Set_field_value_sets_the_field()
    {
        var catalog = await LoadBuiltInAsync();
        var context = new TestResponseContext(
            new Dictionary<string, string> { ["field"] = "Payment Terms Code", ["value"] = "14 DAYS" },
            new Dictionary<string, string?> { ["Payment Terms Code"] = "30 DAYS", ["Amount"] = "1200" });

        await catalog.FindResponse("SET_FIELD_VALUE")!.Definition.Handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Equal("14 DAYS", context.Record.GetText("Payment Terms Code"));
        Assert.Equal("1200", context.Record.GetText("Amount"));
        Assert.Empty(context.History);
    }

    [Fact]
    public async Task Set_field_value_without_a_value_clears_the_field()
    {
        var catalog = await LoadBuiltInAsync();
        var context = new TestResponseContext(
            new Dictionary<string, string> { ["field"] = "Payment Terms Code" },
            new Dictionary<string, string?> { ["Payment Terms Code"] = "30 DAYS" });

        await catalog.FindResponse("SET_FIELD_VALUE")!.Definition.Handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Null(context.Record.GetText("Payment Terms Code"));
    }

    [Fact]
    public async Task Set_record_status_sets_the_status_field()
    {
        var catalog = await LoadBuiltInAsync();
        var context = new TestResponseContext(
            new Dictionary<string, string> { ["status"] = "Pending Approval" },
            new Dictionary<string, string?> { ["Status"] = "Open" });

        await catalog.FindResponse("SET_RECORD_STATUS")!.Definition.Handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Equal("Pending Approval", context.Record.GetText("Status"));
    }

    [Fact]
    public async Task A_handler_error_reaches_the_caller()
    {
        // The engine marks the step failed with the message; the handler must not swallow it.
        var catalog = await LoadBuiltInAsync();
        var context = new TestResponseContext(new Dictionary<string, string> { ["status"] = "Released" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => catalog.FindResponse("SET_RECORD_STATUS")!.Definition.Handler.ExecuteAsync(context, CancellationToken.None));

        Assert.Contains("Status", error.Message);
    }
}
