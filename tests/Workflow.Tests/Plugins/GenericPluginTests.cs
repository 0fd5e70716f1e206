using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Abstractions;
using Workflow.Engine.Plugins;

namespace Workflow.Tests.Plugins;

/// <summary>The built-in plugin, loaded the way the server loads it: from the plugins directory beside the host.</summary>
public sealed class GenericPluginTests
{
    private static Task<WorkflowCatalog> LoadBuiltInAsync() =>
        new PluginLoader(NullLogger<PluginLoader>.Instance).LoadAsync(new PluginOptions().Directory);

    private static async Task<WorkflowResponseDefinition> ResponseAsync(string code) =>
        (await LoadBuiltInAsync()).FindResponse(code)!.Definition;

    /// <summary>A context for <paramref name="response"/> whose options carry the schema's defaults, as the host passes them.</summary>
    private static TestResponseContext ContextFor(
        WorkflowResponseDefinition response,
        Dictionary<string, string> options,
        Dictionary<string, string?>? fields = null) =>
        new(TestResponseContext.OptionsFor(response, options), fields);

    private static IEnumerable<string> Validate(WorkflowResponseDefinition response, Dictionary<string, string> options) =>
        response.Handler.ValidateOptions(TestResponseContext.OptionsFor(response, options)).ToList();

    private static Task RunAsync(WorkflowResponseDefinition response, TestResponseContext context) =>
        response.Handler.ExecuteAsync(context, CancellationToken.None);

    [Fact]
    public async Task It_loads_from_the_plugins_directory_beside_the_host()
    {
        var catalog = await LoadBuiltInAsync();

        var plugin = Assert.Single(catalog.Plugins, p => p.Name == BuiltPlugins.Generic);
        Assert.Equal(BuiltPlugins.Generic, plugin.Name);
        Assert.Equal(PluginStatus.Loaded, plugin.Status);
        Assert.Null(plugin.Error);
        Assert.StartsWith("0.1.0", plugin.Version);
        Assert.Equal(Path.Combine(BuiltPlugins.BuiltInDirectory, BuiltPlugins.Generic, BuiltPlugins.Generic + ".dll"), plugin.File);
        Assert.Equal(["RECORD_CREATED", "RECORD_CHANGED", "RECORD_DELETED"], plugin.Events);
        Assert.Equal(
            [
                "SHOW_MESSAGE", "SET_FIELD_VALUE", "SET_RECORD_STATUS",
                "RESTRICT_RECORD_USAGE", "ALLOW_RECORD_USAGE",
                "REVERT_FIELD_VALUE", "APPLY_NEW_VALUES", "DISCARD_NEW_VALUES",
                "CREATE_NOTIFICATION_ENTRY", "SEND_NOTIFICATION", "DO_NOTHING",
            ],
            plugin.Responses);
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

    [Fact]
    public async Task Its_record_responses_carry_Business_Central_descriptions_and_options()
    {
        var catalog = await LoadBuiltInAsync();

        Assert.Equal("Add record restriction.", catalog.FindResponse("RESTRICT_RECORD_USAGE")!.Definition.Description);
        Assert.Equal("Remove record restriction.", catalog.FindResponse("ALLOW_RECORD_USAGE")!.Definition.Description);
        Assert.Equal("Discard the new values.", catalog.FindResponse("DISCARD_NEW_VALUES")!.Definition.Description);
        Assert.Equal("Do nothing.", catalog.FindResponse("DO_NOTHING")!.Definition.Description);
        foreach (var code in new[] { "RESTRICT_RECORD_USAGE", "ALLOW_RECORD_USAGE", "DISCARD_NEW_VALUES", "DO_NOTHING" })
        {
            Assert.Empty(catalog.FindResponse(code)!.Definition.Options.Options);
        }

        var revert = catalog.FindResponse("REVERT_FIELD_VALUE")!.Definition;
        Assert.Equal("Revert the value of the %1 field on the record and save the change.", revert.Description);
        var revertField = Assert.Single(revert.Options.Options);
        Assert.Equal(("field", ResponseOptionType.FieldName, true), (revertField.Name, revertField.Type, revertField.Required));

        var apply = catalog.FindResponse("APPLY_NEW_VALUES")!.Definition;
        Assert.Equal("Apply the new values.", apply.Description);
        Assert.Equal(
            [("applyAllNewValues", ResponseOptionType.Boolean, false, "true"), ("field", ResponseOptionType.FieldName, false, null)],
            apply.Options.Options.Select(o => (o.Name, o.Type, o.Required, o.DefaultValue)));
    }

    [Fact]
    public async Task Its_notification_responses_share_one_set_of_options()
    {
        var catalog = await LoadBuiltInAsync();

        var create = catalog.FindResponse("CREATE_NOTIFICATION_ENTRY")!.Definition;
        var send = catalog.FindResponse("SEND_NOTIFICATION")!.Definition;
        Assert.Equal("Create a notification for %1.", create.Description);
        Assert.Equal("Send a notification to %1 now.", send.Description);
        Assert.Same(create.Options, send.Options);
        Assert.Equal(
            [
                ("notifySender", ResponseOptionType.Boolean, false, null),
                ("recipientUserId", ResponseOptionType.UserId, false, null),
                ("entryType", ResponseOptionType.Option, false, "New Record"),
                ("message", ResponseOptionType.Text, false, null),
            ],
            create.Options.Options.Select(o => (o.Name, o.Type, o.Required, o.DefaultValue)));
        Assert.Equal(["New Record", "Approval", "Overdue"], create.Options.Options.Single(o => o.Name == "entryType").AllowedValues);
    }

    [Fact]
    public async Task Only_revert_is_restricted_to_record_change_events()
    {
        var catalog = await LoadBuiltInAsync();

        var revert = catalog.FindResponse("REVERT_FIELD_VALUE")!.Definition;
        Assert.True(revert.FollowsRecordChangeEvents);
        Assert.Empty(revert.AllowedPredecessors);
        Assert.All(
            catalog.Responses.Where(r => r.Code != "REVERT_FIELD_VALUE"),
            entry => Assert.False(entry.Definition.FollowsRecordChangeEvents || entry.Definition.AllowedPredecessors.Count > 0, entry.Code));
    }

    [Fact]
    public async Task Restrict_record_usage_restricts_the_record_naming_the_workflow_and_step()
    {
        var response = await ResponseAsync("RESTRICT_RECORD_USAGE");
        var context = new TestResponseContext(new Dictionary<string, string>());

        await RunAsync(response, context);

        Assert.Equal($"The restriction was imposed by the TEST-WORKFLOW workflow, step 2 of instance {context.InstanceId}.", context.RestrictionDetails);
    }

    [Fact]
    public async Task Allow_record_usage_lifts_the_restriction()
    {
        var restrict = await ResponseAsync("RESTRICT_RECORD_USAGE");
        var allow = await ResponseAsync("ALLOW_RECORD_USAGE");
        var context = new TestResponseContext(new Dictionary<string, string>());
        await RunAsync(restrict, context);

        await RunAsync(allow, context);

        Assert.False(context.IsRestricted);
    }

    [Fact]
    public async Task Revert_field_value_puts_the_previous_value_back_and_holds_the_new_one()
    {
        var response = await ResponseAsync("REVERT_FIELD_VALUE");
        var context = new TestResponseContext(
            new Dictionary<string, string> { ["field"] = "Credit Limit" },
            new Dictionary<string, string?> { ["Credit Limit"] = "5000", ["Name"] = "Fabrikam Ltd." })
        {
            Event = "RECORD_CHANGED",
            Previous = new Dictionary<string, string?> { ["Credit Limit"] = "1000", ["Name"] = "Fabrikam" },
        };

        await RunAsync(response, context);

        Assert.Equal("1000", context.Record.GetText("Credit Limit"));
        Assert.Equal("Fabrikam Ltd.", context.Record.GetText("Name"));
        Assert.Equal([new HeldFieldChange("Credit Limit", "1000", "5000")], context.HeldChanges);
        Assert.Empty(context.History);
    }

    [Fact]
    public async Task Revert_field_value_of_an_unchanged_field_holds_nothing_and_says_so()
    {
        var response = await ResponseAsync("REVERT_FIELD_VALUE");
        var context = new TestResponseContext(
            new Dictionary<string, string> { ["field"] = "Credit Limit" },
            new Dictionary<string, string?> { ["Credit Limit"] = "1000", ["Name"] = "Fabrikam Ltd." })
        {
            Event = "RECORD_CHANGED",
            Previous = new Dictionary<string, string?> { ["Name"] = "Fabrikam" },
        };

        await RunAsync(response, context);

        Assert.Empty(context.HeldChanges);
        Assert.Equal("1000", context.Record.GetText("Credit Limit"));
        Assert.Equal(["The Credit Limit field did not change, so there is no change to revert and save."], context.History);
    }

    [Fact]
    public async Task Apply_new_values_applies_every_held_change_by_default()
    {
        var response = await ResponseAsync("APPLY_NEW_VALUES");
        var context = ChangedCustomer(ContextFor(response, []));

        await RunAsync(response, context);

        Assert.Equal("5000", context.Record.GetText("Credit Limit"));
        Assert.Equal("Fabrikam Ltd.", context.Record.GetText("Name"));
        Assert.Empty(context.HeldChanges);
        Assert.Empty(context.History);
    }

    [Fact]
    public async Task Apply_new_values_for_one_field_leaves_the_other_changes_held()
    {
        var response = await ResponseAsync("APPLY_NEW_VALUES");
        var context = ChangedCustomer(ContextFor(response, new() { ["applyAllNewValues"] = "false", ["field"] = "name" }));

        await RunAsync(response, context);

        Assert.Equal("Fabrikam Ltd.", context.Record.GetText("Name"));
        Assert.Equal("1000", context.Record.GetText("Credit Limit"));
        Assert.Equal([new HeldFieldChange("Credit Limit", "1000", "5000")], context.HeldChanges);
    }

    [Fact]
    public async Task Apply_new_values_with_nothing_held_adds_Business_Centrals_message_and_carries_on()
    {
        var response = await ResponseAsync("APPLY_NEW_VALUES");
        var context = ContextFor(response, [], new() { ["Credit Limit"] = "1000" });

        await RunAsync(response, context);

        Assert.Equal(["No record changes exist to apply the saved values to using the current options."], context.History);
        Assert.Equal("1000", context.Record.GetText("Credit Limit"));
    }

    [Fact]
    public async Task Apply_new_values_does_not_overwrite_a_value_changed_since_the_change_was_held()
    {
        var response = await ResponseAsync("APPLY_NEW_VALUES");
        var context = ChangedCustomer(ContextFor(response, new() { ["applyAllNewValues"] = "false", ["field"] = "Credit Limit" }));
        context.SetFieldValue("Credit Limit", "2000");

        await RunAsync(response, context);

        Assert.Equal("2000", context.Record.GetText("Credit Limit"));
        Assert.Equal(["No record changes exist to apply the saved values to using the current options."], context.History);
        Assert.Contains(context.HeldChanges, change => change.Field == "Credit Limit");
    }

    [Fact]
    public async Task Apply_new_values_needs_a_field_when_not_applying_all()
    {
        var response = await ResponseAsync("APPLY_NEW_VALUES");

        Assert.Empty(Validate(response, []));
        Assert.Empty(Validate(response, new() { ["applyAllNewValues"] = "false", ["field"] = "Name" }));
        var problem = Assert.Single(Validate(response, new() { ["applyAllNewValues"] = "false" }));
        Assert.Contains("field", problem);
        Assert.Contains("applyAllNewValues", problem);
    }

    [Fact]
    public async Task Discard_new_values_drops_the_held_changes_and_keeps_the_previous_values()
    {
        var response = await ResponseAsync("DISCARD_NEW_VALUES");
        var context = ChangedCustomer(new TestResponseContext(new Dictionary<string, string>()));

        await RunAsync(response, context);

        Assert.Empty(context.HeldChanges);
        Assert.Equal("1000", context.Record.GetText("Credit Limit"));
        Assert.Equal("Fabrikam", context.Record.GetText("Name"));
    }

    [Fact]
    public async Task Create_notification_entry_notifies_the_recipient_by_their_schedule()
    {
        var response = await ResponseAsync("CREATE_NOTIFICATION_ENTRY");
        var context = ContextFor(response, new() { ["recipientUserId"] = "bob", ["entryType"] = "Approval", ["message"] = "Please review PO-1001." });

        await RunAsync(response, context);

        Assert.Equal([new SentNotification("bob", NotificationEntryType.Approval, "Please review PO-1001.", SendNow: false)], context.Notifications);
    }

    [Fact]
    public async Task Send_notification_notifies_the_sender_at_once_with_a_default_message()
    {
        var response = await ResponseAsync("SEND_NOTIFICATION");
        var context = new TestResponseContext(TestResponseContext.OptionsFor(response, new Dictionary<string, string> { ["notifySender"] = "true" }))
        {
            RecordType = "PURCHASE_INVOICE",
            RecordId = "1001",
            Sender = "carol",
        };

        await RunAsync(response, context);

        Assert.Equal(
            [new SentNotification("carol", NotificationEntryType.NewRecord, "Purchase invoice 1001 needs your attention.", SendNow: true)],
            context.Notifications);
    }

    [Fact]
    public async Task Notification_entry_types_are_read_case_insensitively()
    {
        var response = await ResponseAsync("CREATE_NOTIFICATION_ENTRY");
        var context = ContextFor(response, new() { ["recipientUserId"] = "bob", ["entryType"] = "overdue" });

        await RunAsync(response, context);

        Assert.Equal(NotificationEntryType.Overdue, Assert.Single(context.Notifications).EntryType);
    }

    [Theory]
    [InlineData("CREATE_NOTIFICATION_ENTRY")]
    [InlineData("SEND_NOTIFICATION")]
    public async Task Notifying_the_sender_of_an_instance_without_one_fails_clearly(string code)
    {
        var response = await ResponseAsync(code);
        var context = new TestResponseContext(TestResponseContext.OptionsFor(response, new Dictionary<string, string> { ["notifySender"] = "true" })) { Sender = null };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(response, context));

        Assert.Contains("no sender", error.Message);
        Assert.Empty(context.Notifications);
    }

    [Theory]
    [InlineData("CREATE_NOTIFICATION_ENTRY")]
    [InlineData("SEND_NOTIFICATION")]
    public async Task A_notification_needs_exactly_one_of_recipient_and_notify_sender(string code)
    {
        var response = await ResponseAsync(code);

        Assert.Empty(Validate(response, new() { ["recipientUserId"] = "bob" }));
        Assert.Empty(Validate(response, new() { ["notifySender"] = "true" }));
        Assert.Contains("needs a recipient", Assert.Single(Validate(response, [])));
        Assert.Contains("needs a recipient", Assert.Single(Validate(response, new() { ["notifySender"] = "false" })));
        Assert.Contains("not both", Assert.Single(Validate(response, new() { ["notifySender"] = "true", ["recipientUserId"] = "bob" })));
    }

    [Fact]
    public async Task Do_nothing_changes_nothing()
    {
        var response = await ResponseAsync("DO_NOTHING");
        var context = new TestResponseContext(new Dictionary<string, string>(), new Dictionary<string, string?> { ["Status"] = "Open" });

        await RunAsync(response, context);

        Assert.Equal("Open", context.Record.GetText("Status"));
        Assert.Empty(context.History);
        Assert.Empty(context.HeldChanges);
        Assert.Empty(context.Notifications);
        Assert.Empty(context.RaisedEvents);
        Assert.False(context.IsRestricted);
    }

    /// <summary>
    /// Arranges a customer whose name and credit limit were changed and whose changes are held, as
    /// REVERT_FIELD_VALUE leaves it, so apply and discard can be run against it.
    /// </summary>
    private static TestResponseContext ChangedCustomer(TestResponseContext empty)
    {
        var context = new TestResponseContext(empty.Options, new Dictionary<string, string?> { ["Credit Limit"] = "5000", ["Name"] = "Fabrikam Ltd." })
        {
            Event = "RECORD_CHANGED",
            Previous = new Dictionary<string, string?> { ["Credit Limit"] = "1000", ["Name"] = "Fabrikam" },
        };
        Assert.True(context.HoldFieldChange("Credit Limit"));
        Assert.True(context.HoldFieldChange("Name"));
        return context;
    }
}
