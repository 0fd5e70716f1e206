using Microsoft.Extensions.Logging;
using Workflow.Abstractions;
using Workflow.Engine.Plugins;

namespace Workflow.Tests.Plugins;

/// <summary>
/// The catalogue's rules, on plugin instances composed in-process (no load context): all or nothing per plugin,
/// first come first served for codes, and references checked across plugins once all have registered.
/// </summary>
public sealed class CatalogCompositionTests
{
    private static readonly RecordTypeDefinition PurchaseDocument = new(
        "PURCHASE_DOCUMENT",
        "Purchase Document",
        [new RecordFieldDefinition("Amount", RecordFieldType.Number), new RecordFieldDefinition("Status", RecordFieldType.Option) { OptionValues = ["Open", "Pending Approval", "Released"] }]);

    private static readonly WorkflowEventDefinition SendPurchaseDocument = new(
        "RUN_WORKFLOW_ON_SEND_PURCHASE_DOC_FOR_APPROVAL", "Approval of a purchase document is requested.", "PURCHASE_DOCUMENT");

    private readonly RecordingLogger<PluginLoader> _logger = new();

    private WorkflowCatalog Compose(params IWorkflowPlugin[] plugins) => new PluginLoader(_logger).Compose(plugins);

    [Fact]
    public void An_event_may_use_a_record_type_of_a_plugin_loaded_after_it()
    {
        var catalog = Compose(new RegisteringPlugin(c => c.AddEvent(SendPurchaseDocument)), new RegisteringPlugin(c => c.AddRecordType(PurchaseDocument)));

        Assert.All(catalog.Plugins, plugin => Assert.Equal(PluginStatus.Loaded, plugin.Status));
        Assert.NotNull(catalog.FindEvent(SendPurchaseDocument.Code));
        Assert.NotNull(catalog.FindRecordType("purchase_document"));
    }

    [Fact]
    public void An_event_of_a_record_type_nobody_registers_fails_its_plugin()
    {
        var catalog = Compose(new RegisteringPlugin(c => c.AddEvent(SendPurchaseDocument)));

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.Equal("Event 'RUN_WORKFLOW_ON_SEND_PURCHASE_DOC_FOR_APPROVAL' refers to record type 'PURCHASE_DOCUMENT', which no loaded plugin registers.", plugin.Error);
        Assert.Empty(catalog.Events);
    }

    [Fact]
    public void A_failed_plugin_takes_down_the_plugins_that_depend_on_its_definitions()
    {
        var catalog = Compose(
            new RegisteringPlugin(c =>
            {
                c.AddRecordType(PurchaseDocument);
                throw new InvalidOperationException("Purchasing is broken.");
            }),
            new RegisteringPlugin(c => c.AddEvent(SendPurchaseDocument)),
            new RegisteringPlugin(c => c.AddTemplate(new WorkflowTemplateDefinition("MS-PIW", "Purchase Invoice Approval Workflow", "PURCHDOC",
                [new WorkflowStepDefinition(1, WorkflowStepType.Event, SendPurchaseDocument.Code, null) { EntryPoint = true }]))),
            new RegisteringPlugin(c => c.AddEvent(new WorkflowEventDefinition("UNRELATED", "Unrelated.", null))));

        Assert.Equal([PluginStatus.Failed, PluginStatus.Failed, PluginStatus.Failed, PluginStatus.Loaded], catalog.Plugins.Select(plugin => plugin.Status));
        Assert.Contains("Purchasing is broken.", catalog.Plugins[0].Error);
        Assert.Contains("record type 'PURCHASE_DOCUMENT'", catalog.Plugins[1].Error);
        Assert.Equal("Step 1 of template 'MS-PIW' uses event 'RUN_WORKFLOW_ON_SEND_PURCHASE_DOC_FOR_APPROVAL', which no loaded plugin registers.", catalog.Plugins[2].Error);
        Assert.Equal(["UNRELATED"], catalog.Events.Select(entry => entry.Code));
        Assert.Equal(3, _logger.MessagesAt(LogLevel.Error).Count());
    }

    [Fact]
    public void A_template_may_use_events_and_responses_of_other_plugins()
    {
        var template = new WorkflowTemplateDefinition("MS-PIW", "Purchase Invoice Approval Workflow", "PURCHDOC",
        [
            new WorkflowStepDefinition(1, WorkflowStepType.Event, SendPurchaseDocument.Code, null) { EntryPoint = true },
            new WorkflowStepDefinition(2, WorkflowStepType.Response, "SHOW_MESSAGE", 1) { Options = new Dictionary<string, string> { ["message"] = "Sent." } },
        ]);

        var catalog = Compose(
            new RegisteringPlugin(c => c.AddTemplate(template)),
            new RegisteringPlugin(c => c.AddResponse(ShowMessage("SHOW_MESSAGE"))),
            new RegisteringPlugin(c =>
            {
                c.AddRecordType(PurchaseDocument);
                c.AddEvent(SendPurchaseDocument);
            }));

        Assert.All(catalog.Plugins, plugin => Assert.Equal(PluginStatus.Loaded, plugin.Status));
        Assert.Same(template, catalog.FindTemplate("ms-piw")!.Definition);
    }

    [Fact]
    public void Codes_clash_case_insensitively_per_kind_and_the_first_plugin_keeps_them()
    {
        var catalog = Compose(
            new RegisteringPlugin(c => c.AddResponse(ShowMessage("SHOW_MESSAGE"))),
            new RegisteringPlugin(c =>
            {
                c.AddEvent(new WorkflowEventDefinition("SHOW_MESSAGE", "An event may share a response's code.", null));
                c.AddResponse(ShowMessage("Show_Message"));
            }));

        Assert.Equal(PluginStatus.Loaded, catalog.Plugins[0].Status);
        Assert.Equal(PluginStatus.Failed, catalog.Plugins[1].Status);
        Assert.Equal($"Response code 'Show_Message' is already registered by plugin '{catalog.Plugins[0].Name}'.", catalog.Plugins[1].Error);
        Assert.Null(catalog.FindEvent("SHOW_MESSAGE"));
        Assert.Equal(catalog.Plugins[0].Name, catalog.FindResponse("show_message")!.PluginName);
    }

    [Theory]
    [InlineData("empty code", "Event code must not be empty.")]
    [InlineData("twice", "Event code 'twice' is registered twice by this plugin.")]
    [InlineData("no handler", "Response 'NO_HANDLER' has no handler.")]
    [InlineData("broken step link", "Step 2 of template 'BROKEN' refers to step 7, which the template does not have.")]
    [InlineData("duplicate field", "Record type 'DUPLICATE_FIELD' has field 'amount' twice.")]
    public void Invalid_registrations_fail_the_plugin(string mistake, string error)
    {
        Action<IWorkflowCatalogBuilder> register = mistake switch
        {
            "empty code" => c => c.AddEvent(new WorkflowEventDefinition(" ", "No code.", null)),
            "twice" => c =>
            {
                c.AddEvent(new WorkflowEventDefinition("TWICE", "Once.", null));
                c.AddEvent(new WorkflowEventDefinition("twice", "Twice.", null));
            },
            "no handler" => c => c.AddResponse(new WorkflowResponseDefinition("NO_HANDLER", "No handler.", null, ResponseOptionsSchema.None, null!)),
            "broken step link" => c => c.AddTemplate(new WorkflowTemplateDefinition("BROKEN", "Broken.", "TEST",
                [new WorkflowStepDefinition(1, WorkflowStepType.Event, "E", null), new WorkflowStepDefinition(2, WorkflowStepType.Response, "R", 1) { NextStepId = 7 }])),
            "duplicate field" => c => c.AddRecordType(new RecordTypeDefinition("DUPLICATE_FIELD", "Duplicate field.",
                [new RecordFieldDefinition("Amount", RecordFieldType.Number), new RecordFieldDefinition("amount", RecordFieldType.Number)])),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };

        var catalog = Compose(new RegisteringPlugin(register));

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Failed, plugin.Status);
        Assert.EndsWith(error, plugin.Error);
    }

    [Fact]
    public void A_plugin_cannot_register_after_Register_returned()
    {
        IWorkflowCatalogBuilder? kept = null;
        var catalog = Compose(new RegisteringPlugin(c => kept = c));

        var late = Assert.Throws<InvalidOperationException>(() => kept!.AddEvent(new WorkflowEventDefinition("LATE", "Too late.", null)));

        Assert.Contains("after Register returned", late.Message);
        Assert.Equal(PluginStatus.Loaded, Assert.Single(catalog.Plugins).Status);
        Assert.Null(catalog.FindEvent("LATE"));
    }

    [Fact]
    public void Loaded_plugins_list_what_they_registered()
    {
        var catalog = Compose(new RegisteringPlugin(c =>
        {
            c.AddRecordType(PurchaseDocument);
            c.AddEvent(SendPurchaseDocument);
            c.AddResponse(ShowMessage("SHOW_MESSAGE"));
        }));

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal(typeof(RegisteringPlugin).FullName, plugin.Name);
        Assert.Equal(["PURCHASE_DOCUMENT"], plugin.RecordTypes);
        Assert.Equal([SendPurchaseDocument.Code], plugin.Events);
        Assert.Equal(["SHOW_MESSAGE"], plugin.Responses);
        Assert.Empty(plugin.Templates);
        Assert.Equal(plugin.Name, catalog.FindRecordType("PURCHASE_DOCUMENT")!.PluginName);
    }

    [Fact]
    public void An_unknown_predecessor_is_only_a_warning()
    {
        var catalog = Compose(new RegisteringPlugin(c =>
            c.AddResponse(ShowMessage("SHOW_MESSAGE") with { AllowedPredecessors = ["NO_SUCH_EVENT"] })));

        Assert.Equal(PluginStatus.Loaded, Assert.Single(catalog.Plugins).Status);
        Assert.Contains(_logger.MessagesAt(LogLevel.Warning), message => message.Contains("NO_SUCH_EVENT"));
    }

    private static WorkflowResponseDefinition ShowMessage(string code) =>
        new(code, "Show message \"%1\".", null, new ResponseOptionsSchema([new ResponseOptionDefinition("message", ResponseOptionType.Text, Required: true)]), new NoOpHandler());

    private sealed class RegisteringPlugin(Action<IWorkflowCatalogBuilder> register) : IWorkflowPlugin
    {
        public void Register(IWorkflowCatalogBuilder catalog) => register(catalog);
    }

    private sealed class NoOpHandler : IWorkflowResponseHandler
    {
        public Task ExecuteAsync(WorkflowResponseContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
