using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Abstractions;
using Workflow.Engine.Approvals;
using Workflow.Engine.Conditions;
using Workflow.Engine.Errors;
using Workflow.Engine.Plugins;
using Workflow.Engine.Workflows;

namespace Workflow.Tests.Plugins;

/// <summary>
/// The built-in purchasing and sales plugin, loaded the way the server loads it: from the plugins directory beside the
/// host, after the host's approval catalogue, whose responses and events its templates use.
/// </summary>
public sealed class PurchasingSalesPluginTests
{
    private const string PurchasingSales = "Workflow.Plugins.PurchasingSales";

    private static readonly string[] RecordTypeCodes =
    [
        "PURCHASE_DOCUMENT", "SALES_DOCUMENT", "CUSTOMER", "VENDOR", "ITEM", "VENDOR_BANK_ACCOUNT",
        "GEN_JOURNAL_BATCH", "GEN_JOURNAL_LINE", "ITEM_JOURNAL_BATCH", "REQ_WORKSHEET_BATCH", "POSTED_PURCHASE_INVOICE", "INCOMING_DOCUMENT",
    ];

    private static readonly string[] TemplateCodes =
    [
        "WF-PQAPW", "WF-POAPW", "WF-PIAPW", "WF-PCMAPW", "WF-BPOAPW", "WF-PROAPW",
        "WF-SQAPW", "WF-SOAPW", "WF-SIAPW", "WF-SCMAPW", "WF-BSOAPW", "WF-SROAPW", "WF-SICLAPW", "WF-SOCLAPW", "WF-OVERDUE",
        "WF-CUSTAPW", "WF-VENDAPW", "WF-VENDBANKACCAPW", "WF-ITEMAPW", "WF-GJBAPW", "WF-GJLAPW", "WF-IJBAPW", "WF-RWBAPW",
    ];

    /// <summary>
    /// The built-in plugins with the host's approval module registered first, as the server composes its catalogue. The
    /// approval catalogue only registers definitions here; its handlers are never run, so it needs no grain factory.
    /// </summary>
    private static Task<WorkflowCatalog> LoadBuiltInAsync() =>
        new PluginLoader(NullLogger<PluginLoader>.Instance).LoadAsync(BuiltPlugins.BuiltInDirectory, [new ApprovalsCatalog(null!)]);

    private static async Task<PluginInfo> PluginAsync() =>
        Assert.Single((await LoadBuiltInAsync()).Plugins, plugin => plugin.Name == PurchasingSales);

    private static (string Name, RecordFieldType Type) Field(RecordFieldDefinition field) => (field.Name, field.Type);

    [Fact]
    public async Task It_loads_from_the_plugins_directory_beside_the_host()
    {
        var plugin = await PluginAsync();

        Assert.Equal(PluginStatus.Loaded, plugin.Status);
        Assert.Null(plugin.Error);
        Assert.StartsWith("0.1.0", plugin.Version);
        Assert.Equal(Path.Combine(BuiltPlugins.BuiltInDirectory, PurchasingSales, PurchasingSales + ".dll"), plugin.File);
        Assert.Equal(RecordTypeCodes, plugin.RecordTypes);
        Assert.Equal(
            [
                "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT_APPROVAL_CANCELED", "PURCHASE_DOCUMENT_RELEASED", "PURCHASE_INVOICE_POSTED",
                "SALES_DOCUMENT_APPROVAL_REQUESTED", "SALES_DOCUMENT_APPROVAL_CANCELED", "SALES_DOCUMENT_RELEASED",
                "CUSTOMER_CREDIT_LIMIT_EXCEEDED", "CUSTOMER_CREDIT_LIMIT_NOT_EXCEEDED",
                "CUSTOMER_APPROVAL_REQUESTED", "CUSTOMER_APPROVAL_CANCELED", "CUSTOMER_CREATED", "CUSTOMER_CHANGED",
                "VENDOR_APPROVAL_REQUESTED", "VENDOR_APPROVAL_CANCELED", "VENDOR_CREATED", "VENDOR_CHANGED",
                "ITEM_APPROVAL_REQUESTED", "ITEM_APPROVAL_CANCELED", "ITEM_CREATED", "ITEM_CHANGED",
                "VENDOR_BANK_ACCOUNT_APPROVAL_REQUESTED", "VENDOR_BANK_ACCOUNT_APPROVAL_CANCELED",
                "GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH_APPROVAL_CANCELED",
                "GEN_JOURNAL_LINE_APPROVAL_REQUESTED", "GEN_JOURNAL_LINE_APPROVAL_CANCELED", "GEN_JOURNAL_LINE_CREATED",
                "GEN_JOURNAL_BATCH_BALANCED", "GEN_JOURNAL_BATCH_NOT_BALANCED",
                "ITEM_JOURNAL_BATCH_APPROVAL_REQUESTED", "ITEM_JOURNAL_BATCH_APPROVAL_CANCELED",
                "REQ_WORKSHEET_BATCH_APPROVAL_REQUESTED", "REQ_WORKSHEET_BATCH_APPROVAL_CANCELED",
                "INCOMING_DOCUMENT_CREATED", "INCOMING_DOCUMENT_APPROVAL_REQUESTED", "INCOMING_DOCUMENT_APPROVAL_CANCELED", "INCOMING_DOCUMENT_RELEASED",
            ],
            plugin.Events);
        Assert.Equal(
            [
                "SET_STATUS_PENDING_APPROVAL", "RELEASE_DOCUMENT", "REOPEN_DOCUMENT",
                "POST_DOCUMENT", "BACKGROUND_POST_DOCUMENT", "POST_GEN_JOURNAL_BATCH", "CHECK_GEN_JOURNAL_BATCH_BALANCE", "BACKGROUND_CREATE_PAYMENT_LINE", "CHECK_CUSTOMER_CREDIT_LIMIT",
            ],
            plugin.Responses);
        Assert.Equal([.. TemplateCodes, "WF-CCLCAPW", "WF-IUPCAPW", "WF-VNCAPW", "WF-INCDOC", "WF-INCDOCAPW", "WF-PIW"], plugin.Templates);
    }

    [Fact]
    public async Task It_loads_beside_the_generic_plugin_without_taking_its_codes()
    {
        var catalog = await LoadBuiltInAsync();

        Assert.All(catalog.Plugins, plugin => Assert.Equal(PluginStatus.Loaded, plugin.Status));
        foreach (var code in new[] { "RECORD_CREATED", "RECORD_CHANGED", "RECORD_DELETED" })
        {
            Assert.Equal(BuiltPlugins.Generic, catalog.FindEvent(code)!.PluginName);
        }

        Assert.Equal(BuiltPlugins.Generic, catalog.FindResponse("SET_RECORD_STATUS")!.PluginName);
        Assert.Equal(PurchasingSales, catalog.FindEvent("CUSTOMER_CHANGED")!.PluginName);
    }

    [Fact]
    public async Task Documents_carry_Business_Central_header_fields_typed()
    {
        var catalog = await LoadBuiltInAsync();

        var purchase = catalog.FindRecordType("PURCHASE_DOCUMENT")!.Definition;
        Assert.Equal("Purchase Document", purchase.Description);
        Assert.Equal(
            [
                ("Document Type", RecordFieldType.Option), ("No.", RecordFieldType.Text),
                ("Buy-from Vendor No.", RecordFieldType.Text), ("Buy-from Vendor Name", RecordFieldType.Text), ("Pay-to Vendor No.", RecordFieldType.Text),
                ("Purchaser Code", RecordFieldType.Text), ("Payment Terms Code", RecordFieldType.Text),
                ("Currency Code", RecordFieldType.Text), ("Amount", RecordFieldType.Number),
                ("Amount Including VAT", RecordFieldType.Number), ("Document Date", RecordFieldType.Date), ("Posting Date", RecordFieldType.Date),
                ("Status", RecordFieldType.Option),
            ],
            purchase.Fields.Select(Field));

        var sales = catalog.FindRecordType("SALES_DOCUMENT")!.Definition;
        Assert.Equal(
            [
                ("Document Type", RecordFieldType.Option), ("No.", RecordFieldType.Text),
                ("Sell-to Customer No.", RecordFieldType.Text), ("Sell-to Customer Name", RecordFieldType.Text), ("Bill-to Customer No.", RecordFieldType.Text),
                ("Salesperson Code", RecordFieldType.Text), ("Payment Terms Code", RecordFieldType.Text),
                ("Currency Code", RecordFieldType.Text), ("Amount", RecordFieldType.Number),
                ("Amount Including VAT", RecordFieldType.Number), ("Document Date", RecordFieldType.Date), ("Posting Date", RecordFieldType.Date),
                ("Status", RecordFieldType.Option),
            ],
            sales.Fields.Select(Field));

        foreach (var document in new[] { purchase, sales })
        {
            Assert.Equal(
                ["Quote", "Order", "Invoice", "Credit Memo", "Blanket Order", "Return Order"],
                document.Fields.Single(f => f.Name == "Document Type").OptionValues);
            Assert.Equal(
                ["Open", "Pending Approval", "Released", "Pending Prepayment"],
                document.Fields.Single(f => f.Name == "Status").OptionValues);
        }
    }

    [Fact]
    public async Task Master_data_has_no_status_and_names_blank_options_None()
    {
        var catalog = await LoadBuiltInAsync();

        var customer = catalog.FindRecordType("CUSTOMER")!.Definition;
        Assert.Equal(
            [
                ("No.", RecordFieldType.Text), ("Name", RecordFieldType.Text), ("Credit Limit (LCY)", RecordFieldType.Number),
                ("Blocked", RecordFieldType.Option), ("Payment Method Code", RecordFieldType.Text),
                ("Gen. Bus. Posting Group", RecordFieldType.Text), ("Customer Posting Group", RecordFieldType.Text),
            ],
            customer.Fields.Select(Field));
        Assert.Equal(["None", "Ship", "Invoice", "All"], customer.Fields.Single(f => f.Name == "Blocked").OptionValues);

        var vendor = catalog.FindRecordType("VENDOR")!.Definition;
        Assert.Equal([("No.", RecordFieldType.Text), ("Name", RecordFieldType.Text), ("Blocked", RecordFieldType.Option), ("Purchaser Code", RecordFieldType.Text)],
            vendor.Fields.Select(Field));
        Assert.Equal(["None", "Payment", "All"], vendor.Fields.Single(f => f.Name == "Blocked").OptionValues);

        var item = catalog.FindRecordType("ITEM")!.Definition;
        Assert.Equal(
            [("No.", RecordFieldType.Text), ("Description", RecordFieldType.Text), ("Item Category Code", RecordFieldType.Text), ("Unit Price", RecordFieldType.Number)],
            item.Fields.Select(Field));

        foreach (var masterData in new[] { customer, vendor, item })
        {
            Assert.DoesNotContain(masterData.Fields, f => f.Name == "Status");
        }
    }

    [Fact]
    public async Task Journal_batches_have_a_status_and_journal_lines_do_not()
    {
        var catalog = await LoadBuiltInAsync();

        var batch = catalog.FindRecordType("GEN_JOURNAL_BATCH")!.Definition;
        Assert.Equal(
            [
                ("Journal Template Name", RecordFieldType.Text), ("Name", RecordFieldType.Text), ("Template Type", RecordFieldType.Option),
                ("Recurring", RecordFieldType.Boolean), ("Balance", RecordFieldType.Number), ("Status", RecordFieldType.Option),
            ],
            batch.Fields.Select(Field));
        Assert.Equal(["Open", "Pending Approval", "Released"], batch.Fields.Single(f => f.Name == "Status").OptionValues);

        var line = catalog.FindRecordType("GEN_JOURNAL_LINE")!.Definition;
        Assert.Equal(
            [
                ("Journal Template Name", RecordFieldType.Text), ("Journal Batch Name", RecordFieldType.Text), ("Line No.", RecordFieldType.Number),
                ("Document Type", RecordFieldType.Option), ("Account Type", RecordFieldType.Option), ("Account No.", RecordFieldType.Text),
                ("Bal. Account Type", RecordFieldType.Option), ("Bal. Account No.", RecordFieldType.Text),
                ("Amount", RecordFieldType.Number), ("Description", RecordFieldType.Text),
                ("Applies-to Doc. Type", RecordFieldType.Option), ("Applies-to Doc. No.", RecordFieldType.Text),
            ],
            line.Fields.Select(Field));
    }

    [Theory]
    [InlineData("GEN_JOURNAL_LINE", "Account Type", "G/L Account", "G/L Account", true)]
    [InlineData("GEN_JOURNAL_LINE", "Account Type", "Vendor|Customer", "G/L Account", false)]
    [InlineData("GEN_JOURNAL_LINE", "Document Type", "Payment", "Payment", true)]
    [InlineData("CUSTOMER", "Blocked", "None", "None", true)]
    [InlineData("CUSTOMER", "Blocked", "<>None", "Invoice", true)]
    [InlineData("PURCHASE_DOCUMENT", "Document Type", "Credit Memo|Return Order", "Return Order", true)]
    [InlineData("PURCHASE_DOCUMENT", "Amount", ">1000", "999.99", false)]
    [InlineData("SALES_DOCUMENT", "Document Date", "2025-01-01..2025-12-31", "2025-06-30", true)]
    [InlineData("GEN_JOURNAL_BATCH", "Recurring", "false", "false", true)]
    public async Task Conditions_on_its_fields_parse_and_compare_by_type(string recordType, string field, string filter, string value, bool matches)
    {
        var definition = (await LoadBuiltInAsync()).FindRecordType(recordType)!.Definition;

        var condition = RecordCondition.Parse(new Dictionary<string, string> { [field] = filter }, definition);

        Assert.Equal(matches, condition.Matches(new Dictionary<string, string?> { [field] = value }));
    }

    [Theory]
    [InlineData("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "Approval of a purchase document is requested.", "PURCHASE_DOCUMENT")]
    [InlineData("PURCHASE_DOCUMENT_APPROVAL_CANCELED", "An approval request for a purchase document is canceled.", "PURCHASE_DOCUMENT")]
    [InlineData("PURCHASE_DOCUMENT_RELEASED", "A purchase document is released.", "PURCHASE_DOCUMENT")]
    [InlineData("SALES_DOCUMENT_APPROVAL_REQUESTED", "Approval of a sales document is requested.", "SALES_DOCUMENT")]
    [InlineData("SALES_DOCUMENT_APPROVAL_CANCELED", "An approval request for a sales document is canceled.", "SALES_DOCUMENT")]
    [InlineData("SALES_DOCUMENT_RELEASED", "A sales document is released.", "SALES_DOCUMENT")]
    [InlineData("CUSTOMER_APPROVAL_REQUESTED", "Approval of a customer is requested.", "CUSTOMER")]
    [InlineData("CUSTOMER_APPROVAL_CANCELED", "An approval request for a customer is canceled.", "CUSTOMER")]
    [InlineData("CUSTOMER_CREATED", "A customer record is created.", "CUSTOMER")]
    [InlineData("CUSTOMER_CHANGED", "A customer record is changed.", "CUSTOMER")]
    [InlineData("VENDOR_APPROVAL_REQUESTED", "Approval of a vendor is requested.", "VENDOR")]
    [InlineData("VENDOR_APPROVAL_CANCELED", "An approval request for a vendor is canceled.", "VENDOR")]
    [InlineData("VENDOR_CREATED", "A vendor record is created.", "VENDOR")]
    [InlineData("VENDOR_CHANGED", "A vendor record is changed.", "VENDOR")]
    [InlineData("ITEM_APPROVAL_REQUESTED", "Approval of an item is requested.", "ITEM")]
    [InlineData("ITEM_APPROVAL_CANCELED", "An approval request for an item is canceled.", "ITEM")]
    [InlineData("ITEM_CREATED", "An item record is created.", "ITEM")]
    [InlineData("ITEM_CHANGED", "An item record is changed.", "ITEM")]
    [InlineData("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "Approval of a general journal batch is requested.", "GEN_JOURNAL_BATCH")]
    [InlineData("GEN_JOURNAL_BATCH_APPROVAL_CANCELED", "An approval request for a general journal batch is canceled.", "GEN_JOURNAL_BATCH")]
    [InlineData("GEN_JOURNAL_LINE_APPROVAL_REQUESTED", "Approval of a general journal line is requested.", "GEN_JOURNAL_LINE")]
    [InlineData("GEN_JOURNAL_LINE_APPROVAL_CANCELED", "An approval request for a general journal line is canceled.", "GEN_JOURNAL_LINE")]
    [InlineData("GEN_JOURNAL_LINE_CREATED", "A general journal line is created.", "GEN_JOURNAL_LINE")]
    public async Task Its_events_carry_Business_Central_descriptions_and_their_record_type(string code, string description, string recordType)
    {
        var catalog = await LoadBuiltInAsync();

        var entry = catalog.FindEvent(code)!;
        Assert.Equal(PurchasingSales, entry.PluginName);
        Assert.Equal(description, entry.Definition.Description);
        Assert.Equal(recordType, entry.Definition.RecordType);
        Assert.NotNull(catalog.FindRecordType(recordType));
        Assert.Equal(code.EndsWith("_CHANGED", StringComparison.Ordinal), entry.Definition.UsedForRecordChange);
    }

    [Fact]
    public async Task Its_event_descriptions_are_unique_across_the_catalogue()
    {
        // Business Central keys events by description in the UI; two alike could not be told apart.
        var catalog = await LoadBuiltInAsync();

        Assert.Equal(catalog.Events.Count, catalog.Events.Select(e => e.Definition.Description).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("SET_STATUS_PENDING_APPROVAL", "Set document status to Pending Approval.")]
    [InlineData("RELEASE_DOCUMENT", "Release the document.")]
    [InlineData("REOPEN_DOCUMENT", "Reopen the document.")]
    public async Task Its_status_responses_work_on_any_record_type_and_take_no_options(string code, string description)
    {
        var response = (await LoadBuiltInAsync()).FindResponse(code)!;

        Assert.Equal(PurchasingSales, response.PluginName);
        Assert.Equal(description, response.Definition.Description);
        Assert.Null(response.Definition.RecordType);
        Assert.Empty(response.Definition.Options.Options);
        Assert.Empty(response.Definition.AllowedPredecessors);
    }

    [Theory]
    [InlineData("SET_STATUS_PENDING_APPROVAL", "PURCHASE_DOCUMENT", "Open", "Pending Approval")]
    [InlineData("RELEASE_DOCUMENT", "PURCHASE_DOCUMENT", "Pending Approval", "Released")]
    [InlineData("REOPEN_DOCUMENT", "SALES_DOCUMENT", "Pending Approval", "Open")]
    [InlineData("REOPEN_DOCUMENT", "SALES_DOCUMENT", "Released", "Open")]
    [InlineData("SET_STATUS_PENDING_APPROVAL", "GEN_JOURNAL_BATCH", "Open", "Pending Approval")]
    [InlineData("RELEASE_DOCUMENT", "GEN_JOURNAL_BATCH", "Pending Approval", "Released")]
    public async Task A_status_response_sets_the_status_field_through_the_context(string code, string recordType, string before, string after)
    {
        var response = (await LoadBuiltInAsync()).FindResponse(code)!.Definition;
        var context = new TestResponseContext(
            new Dictionary<string, string>(),
            new Dictionary<string, string?> { ["Status"] = before, ["Amount"] = "1500" })
        {
            RecordType = recordType,
        };

        await response.Handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(after, context.Record.GetText("Status"));
        Assert.Equal("1500", context.Record.GetText("Amount"));
        Assert.Empty(context.History);
    }

    [Fact]
    public async Task A_status_response_on_a_record_without_a_status_fails_the_step()
    {
        var response = (await LoadBuiltInAsync()).FindResponse("RELEASE_DOCUMENT")!.Definition;
        var context = new TestResponseContext(new Dictionary<string, string>(), new Dictionary<string, string?> { ["Name"] = "Fabrikam" })
        {
            RecordType = "CUSTOMER",
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => response.Handler.ExecuteAsync(context, CancellationToken.None));

        Assert.Contains("Status", error.Message);
    }

    /// <summary>
    /// Business Central's CheckAvailableCreditLimit: balance plus the document over the limit is exceeded, exactly at the
    /// limit is not, and a customer without a limit (0, or no customer record) has none to exceed. The bill-to customer
    /// carries the credit when there is one.
    /// </summary>
    [Theory]
    [InlineData("1000", "700", "301", "CUSTOMER_CREDIT_LIMIT_EXCEEDED")]
    [InlineData("1000", "700", "300", "CUSTOMER_CREDIT_LIMIT_NOT_EXCEEDED")]
    [InlineData("0", "700", "5000", "CUSTOMER_CREDIT_LIMIT_NOT_EXCEEDED")]
    [InlineData(null, "0", "5000", "CUSTOMER_CREDIT_LIMIT_NOT_EXCEEDED")]
    public async Task The_credit_limit_check_weighs_balance_and_document_against_the_limit(string? creditLimit, string balance, string amount, string raised)
    {
        var response = (await LoadBuiltInAsync()).FindResponse("CHECK_CUSTOMER_CREDIT_LIMIT")!.Definition;
        var context = new TestResponseContext(new Dictionary<string, string>(), new Dictionary<string, string?>
        {
            ["Sell-to Customer No."] = "C-SELL", ["Bill-to Customer No."] = "C-BILL", ["Amount"] = "1", ["Amount Including VAT"] = amount,
        })
        {
            RecordType = "SALES_DOCUMENT",
        };
        if (creditLimit is not null)
            context.OtherRecords[("CUSTOMER", "C-BILL")] = new WorkflowRecord("CUSTOMER", "C-BILL", new Dictionary<string, string?> { ["Credit Limit (LCY)"] = creditLimit });
        context.LedgerBalances[(PostingParty.Customer, "C-BILL")] = decimal.Parse(balance, System.Globalization.CultureInfo.InvariantCulture);

        await response.Handler.ExecuteAsync(context, CancellationToken.None);

        Assert.Equal([raised], context.RaisedEvents);
    }

    [Fact]
    public async Task The_payment_line_response_pays_the_posted_invoices_vendor_its_remaining_amount_in_the_named_batch()
    {
        var response = (await LoadBuiltInAsync()).FindResponse("BACKGROUND_CREATE_PAYMENT_LINE")!.Definition;
        var context = new TestResponseContext(
            new Dictionary<string, string> { ["journalTemplateName"] = "PAYMENT", ["journalBatchName"] = "BANK" },
            new Dictionary<string, string?> { ["Pay-to Vendor No."] = "V-9", ["Remaining Amount"] = "1250" })
        {
            RecordType = "POSTED_PURCHASE_INVOICE",
            RecordId = "108001",
        };

        await response.Handler.ExecuteAsync(context, CancellationToken.None);

        var (recordType, recordId, fields, createdEvent) = Assert.Single(context.CreatedRecords);
        Assert.Equal(("GEN_JOURNAL_LINE", "PAYMENT/BANK/108001", "GEN_JOURNAL_LINE_CREATED"), (recordType, recordId, createdEvent));
        Assert.Equal(("Payment", "Vendor", "V-9", "1250", "108001"),
            (fields["Document Type"], fields["Account Type"], fields["Account No."], fields["Amount"], fields["Applies-to Doc. No."]));
    }

    [Fact]
    public async Task Its_templates_are_well_formed()
    {
        var catalog = await LoadBuiltInAsync();

        foreach (var code in TemplateCodes)
        {
            var entry = catalog.FindTemplate(code)!;
            Assert.Equal(PurchasingSales, entry.PluginName);
            var steps = entry.Definition.Steps;

            // The entry point comes first and is the only step that follows nothing.
            Assert.True(steps[0].EntryPoint, $"{code}: the first step is not the entry point.");
            Assert.Equal(WorkflowStepType.Event, steps[0].Type);
            Assert.Null(steps[0].PreviousStepId);
            Assert.All(steps.Skip(1), step => Assert.False(step.EntryPoint));
            Assert.All(steps.Skip(1), step => Assert.NotNull(step.PreviousStepId));

            // Ids are unique, and every step follows one defined before it, so the steps form a tree.
            Assert.Equal(steps.Count, steps.Select(s => s.Id).Distinct().Count());
            for (var i = 1; i < steps.Count; i++)
            {
                Assert.Contains(steps.Take(i), earlier => earlier.Id == steps[i].PreviousStepId);
                // Only loops back: a jump goes to a step defined before.
                if (steps[i].NextStepId is { } next)
                    Assert.Contains(steps.Take(i), earlier => earlier.Id == next);
            }

            // Every code is in the catalogue as the right kind, and event siblings are ordered without ties.
            foreach (var step in steps)
            {
                Assert.True(
                    step.Type == WorkflowStepType.Event ? catalog.FindEvent(step.FunctionCode) is not null : catalog.FindResponse(step.FunctionCode) is not null,
                    $"{code}: step {step.Id} uses {step.Type} {step.FunctionCode}, which is not registered.");
            }

            foreach (var siblings in steps.Where(s => s.Type == WorkflowStepType.Event).GroupBy(s => s.PreviousStepId))
            {
                Assert.Equal(siblings.Count(), siblings.Select(s => s.SequenceNo).Distinct().Count());
            }
        }
    }

    [Fact]
    public async Task A_workflow_copied_from_each_template_can_be_enabled()
    {
        // Everything the host checks when a workflow is enabled: codes, conditions typed against the events' record types
        // (the approval events' Pending Approvals included), response options against their schemas, entry point.
        var catalog = await LoadBuiltInAsync();
        var rules = new WorkflowRules(catalog);

        foreach (var code in TemplateCodes)
        {
            var template = catalog.FindTemplate(code)!.Definition;
            // A blank Business Central leaves for the user (the workflow user group) is filled in, as a user does.
            var steps = template.Steps.Select(s => s with { Options = s.Options.ToDictionary(o => o.Key, o => o.Value.Length == 0 ? "GROUP" : o.Value) }).ToList();
            var copy = new WorkflowDefinition(
                $"{code}-01", template.Description, template.Category, RecordType: null, Enabled: false, IsTemplate: false,
                steps, Version: 1, DateTimeOffset.UnixEpoch);
            var problems = new ProblemList();

            rules.CheckOnEnable(copy, [], _ => true, problems);

            var error = Record.Exception(problems.ThrowIfAny);
            Assert.True(error is null, $"{code}: {(error as ValidationFailedException)?.Message}");
        }
    }

    [Fact]
    public async Task The_purchase_invoice_approval_template_follows_the_document_approval_pattern()
    {
        var template = (await LoadBuiltInAsync()).FindTemplate("WF-PIAPW")!.Definition;

        Assert.Equal("Purchase Invoice Approval Workflow", template.Description);
        Assert.Equal("PURCHDOC", template.Category);
        // Business Central's P1, step for step (catalogue §6.3), and the host's cancel from the approval request last.
        Assert.Equal(
            [
                (1, WorkflowStepType.Event, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", (int?)null, (int?)null),
                (2, WorkflowStepType.Response, "RESTRICT_RECORD_USAGE", 1, null),
                (3, WorkflowStepType.Response, "SET_STATUS_PENDING_APPROVAL", 2, null),
                (4, WorkflowStepType.Response, "CREATE_APPROVAL_REQUESTS", 3, null),
                (5, WorkflowStepType.Response, "SEND_APPROVAL_REQUEST", 4, null),
                (6, WorkflowStepType.Event, "APPROVAL_REQUEST_APPROVED", 5, null),
                (7, WorkflowStepType.Response, "ALLOW_RECORD_USAGE", 6, null),
                (8, WorkflowStepType.Response, "RELEASE_DOCUMENT", 7, null),
                (9, WorkflowStepType.Event, "APPROVAL_REQUEST_APPROVED", 5, null),
                (10, WorkflowStepType.Response, "SEND_APPROVAL_REQUEST", 9, 5),
                (11, WorkflowStepType.Event, "APPROVAL_REQUEST_REJECTED", 5, null),
                (12, WorkflowStepType.Response, "REJECT_APPROVAL_REQUEST", 11, null),
                (13, WorkflowStepType.Response, "REOPEN_DOCUMENT", 12, null),
                (14, WorkflowStepType.Event, "PURCHASE_DOCUMENT_APPROVAL_CANCELED", 5, null),
                (15, WorkflowStepType.Response, "CANCEL_APPROVAL_REQUEST", 14, null),
                (16, WorkflowStepType.Response, "ALLOW_RECORD_USAGE", 15, null),
                (17, WorkflowStepType.Response, "REOPEN_DOCUMENT", 16, null),
                (18, WorkflowStepType.Response, "SHOW_MESSAGE", 17, null),
                (19, WorkflowStepType.Event, "APPROVAL_REQUEST_DELEGATED", 5, null),
                (20, WorkflowStepType.Response, "SEND_APPROVAL_REQUEST", 19, 5),
                (21, WorkflowStepType.Event, "APPROVAL_REQUEST_CANCELED", 5, null),
                (22, WorkflowStepType.Response, "ALLOW_RECORD_USAGE", 21, null),
                (23, WorkflowStepType.Response, "REOPEN_DOCUMENT", 22, null),
                (24, WorkflowStepType.Response, "SHOW_MESSAGE", 23, null),
            ],
            template.Steps.Select(s => (s.Id, s.Type, s.FunctionCode, s.PreviousStepId, s.NextStepId)));

        var steps = template.Steps.ToDictionary(s => s.Id);
        Assert.Equal(new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open" }, steps[1].Conditions);
        // §6.2: Salesperson/Purchaser, Direct Approver, no due date formula.
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["approverType"] = "Salesperson/Purchaser", ["approverLimitType"] = "Direct Approver", ["approvalLimit"] = "Purchase",
            },
            steps[4].Options);
        Assert.Equal(new Dictionary<string, string> { ["Pending Approvals"] = "0" }, steps[6].Conditions);
        Assert.Equal(new Dictionary<string, string> { ["Pending Approvals"] = ">0" }, steps[9].Conditions);
        Assert.Equal(new Dictionary<string, string> { ["notifySender"] = "true" }, steps[12].Options);
        Assert.Equal(new Dictionary<string, string> { ["Status"] = "Pending Approval" }, steps[14].Conditions);
        Assert.Equal("The approval request for the record has been canceled.", steps[18].Options["message"]);
        Assert.Equal([1, 2, 3, 4, 5, 6], new[] { 6, 9, 11, 14, 19, 21 }.Select(id => steps[id].SequenceNo));
        // The reject branch keeps the restriction; approval and both cancels lift it.
        Assert.DoesNotContain(template.Steps, s => s.PreviousStepId is 11 or 12 && s.FunctionCode == "ALLOW_RECORD_USAGE");
    }

    [Fact]
    public async Task The_sales_order_approval_template_routes_through_the_salesperson()
    {
        var template = (await LoadBuiltInAsync()).FindTemplate("WF-SOAPW")!.Definition;

        Assert.Equal("Sales Order Approval Workflow", template.Description);
        Assert.Equal("SALESDOC", template.Category);
        var steps = template.Steps.ToDictionary(s => s.Id);
        Assert.Equal("SALES_DOCUMENT_APPROVAL_REQUESTED", steps[1].FunctionCode);
        Assert.Equal(new Dictionary<string, string> { ["Document Type"] = "Order", ["Status"] = "Open" }, steps[1].Conditions);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["approverType"] = "Salesperson/Purchaser", ["approverLimitType"] = "Approver Chain", ["approvalLimit"] = "Sales",
            },
            steps[4].Options);
        Assert.Equal("SALES_DOCUMENT_APPROVAL_CANCELED", steps[14].FunctionCode);
        var purchase = (await LoadBuiltInAsync()).FindTemplate("WF-PIAPW")!.Definition;
        Assert.Equal(purchase.Steps.Select(s => (s.Id, s.Type, s.PreviousStepId, s.NextStepId)), template.Steps.Select(s => (s.Id, s.Type, s.PreviousStepId, s.NextStepId)));
    }

    [Theory]
    [InlineData("WF-PIAPW", "Purchase Invoice Approval Workflow", "PURCHDOC", "Invoice", "Salesperson/Purchaser", "Direct Approver", "Purchase")]
    [InlineData("WF-POAPW", "Purchase Order Approval Workflow", "PURCHDOC", "Order", "Approver", "Approver Chain", "Purchase")]
    [InlineData("WF-SOAPW", "Sales Order Approval Workflow", "SALESDOC", "Order", "Salesperson/Purchaser", "Approver Chain", "Sales")]
    [InlineData("WF-SIAPW", "Sales Invoice Approval Workflow", "SALESDOC", "Invoice", "Salesperson/Purchaser", "Direct Approver", "Sales")]
    public async Task The_other_document_templates_differ_in_document_type_and_routing(
        string code, string description, string category, string documentType, string approverType, string limitType, string approvalLimit)
    {
        var template = (await LoadBuiltInAsync()).FindTemplate(code)!.Definition;

        Assert.Equal((description, category), (template.Description, template.Category));
        Assert.Equal(documentType, template.Steps[0].Conditions["Document Type"]);
        var create = template.Steps.Single(s => s.FunctionCode == "CREATE_APPROVAL_REQUESTS").Options;
        Assert.Equal((approverType, limitType, approvalLimit), (create["approverType"], create["approverLimitType"], create["approvalLimit"]));
    }
}
