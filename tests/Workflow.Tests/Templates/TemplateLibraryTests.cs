using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Posting;
using Workflow.Tests.Workflows;

namespace Workflow.Tests.Templates;

/// <summary>
/// Every built-in template, as an administrator uses it: copied to a disabled workflow of the tenant, its blanks filled
/// in (the workflow user group, the notification's recipient) where Business Central leaves them blank, enabled, and run
/// on a sample record along its main path: sent for approval by REQ, approved by APP, released or unrestricted or the
/// held change applied.
/// </summary>
public sealed class TemplateLibraryTests(TemplateServers servers) : IClassFixture<TemplateServers>
{
    private const string Approver = "APP";
    private const string Requester = "REQ";
    private const string UserGroup = "APPROVERS";

    private enum Ending
    {
        /// <summary>Approved: the document's Status is Released and it is no longer restricted.</summary>
        Released,
        /// <summary>Approved: the record is no longer restricted.</summary>
        Unrestricted,
        /// <summary>Approved: the held change is applied.</summary>
        ChangeApplied,
        /// <summary>No approval: the recipient has a notification for the record.</summary>
        Notified,
        /// <summary>
        /// No approval: system tasks run in the background (the relay and the job queue, as a test runs them): the
        /// document is posted, a payment line made for the posted invoice, and the recipient told about the line.
        /// </summary>
        PostedAndPaymentLineMade,
        /// <summary>No approval: the instance runs its system task and ends; its history says what the task did.</summary>
        RanOnce,
    }

    private sealed record MainPath(string RecordType, string RecordId, string Event, Dictionary<string, string> Fields, Ending Ending,
        (string Event, Dictionary<string, string> Fields)? Before = null, (string Field, string Value)? Expected = null)
    {
        /// <summary>Other records the path needs first (a batch's lines), each raised by its event.</summary>
        public IReadOnlyList<(string Event, string RecordType, string RecordId, Dictionary<string, string> Fields)> Setup { get; init; } = [];
    }

    private static (string, string, string, Dictionary<string, string>) JournalLine(string recordId, string accountType, string accountNo, string amount)
    {
        var parts = recordId.Split('/');
        return ("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", recordId, new()
        {
            ["Journal Template Name"] = parts[0], ["Journal Batch Name"] = parts[1], ["Line No."] = parts[2],
            ["Account Type"] = accountType, ["Account No."] = accountNo, ["Amount"] = amount,
        });
    }

    private static MainPath Document(string recordType, string documentType) => new(recordType, $"{documentType.Replace(" ", "")}-1",
        $"{recordType}_APPROVAL_REQUESTED",
        new()
        {
            ["Document Type"] = documentType, ["Status"] = "Open", ["Amount"] = "2500",
            [recordType == "SALES_DOCUMENT" ? "Salesperson Code" : "Purchaser Code"] = Approver,
        },
        Ending.Released, Expected: ("Status", "Released"));

    private static MainPath CreditLimited(MainPath document) => document with
    {
        Fields = new(document.Fields) { ["Sell-to Customer No."] = "C-LIMIT" },
        Setup = [("CUSTOMER_CREATED", "CUSTOMER", "C-LIMIT", new() { ["Name"] = "Limited", ["Credit Limit (LCY)"] = "1000" })],
    };

    private static MainPath Record(string recordType, string recordId, string requestedEvent, Dictionary<string, string>? fields = null) =>
        new(recordType, recordId, requestedEvent, fields ?? new() { ["Name"] = recordId }, Ending.Unrestricted);

    private static MainPath Change(string recordType, string createdEvent, string changedEvent, string field, string before, string after) =>
        new(recordType, $"{recordType}-1", changedEvent, new() { [field] = after }, Ending.ChangeApplied,
            Before: (createdEvent, new() { [field] = before }), Expected: (field, after));

    /// <summary>The sample record and main path of each built-in template, by its code.</summary>
    private static readonly Dictionary<string, MainPath> Paths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WF-PQAPW"] = Document("PURCHASE_DOCUMENT", "Quote"),
        ["WF-POAPW"] = Document("PURCHASE_DOCUMENT", "Order"),
        ["WF-PIAPW"] = Document("PURCHASE_DOCUMENT", "Invoice"),
        ["WF-PCMAPW"] = Document("PURCHASE_DOCUMENT", "Credit Memo"),
        ["WF-BPOAPW"] = Document("PURCHASE_DOCUMENT", "Blanket Order"),
        ["WF-PROAPW"] = Document("PURCHASE_DOCUMENT", "Return Order"),
        ["WF-SQAPW"] = Document("SALES_DOCUMENT", "Quote"),
        ["WF-SOAPW"] = Document("SALES_DOCUMENT", "Order"),
        ["WF-SIAPW"] = Document("SALES_DOCUMENT", "Invoice"),
        ["WF-SCMAPW"] = Document("SALES_DOCUMENT", "Credit Memo"),
        ["WF-BSOAPW"] = Document("SALES_DOCUMENT", "Blanket Order"),
        ["WF-SROAPW"] = Document("SALES_DOCUMENT", "Return Order"),
        // Over the customer's credit limit (2500 against 1000): the approval branch of P6.
        ["WF-SICLAPW"] = CreditLimited(Document("SALES_DOCUMENT", "Invoice")),
        ["WF-SOCLAPW"] = CreditLimited(Document("SALES_DOCUMENT", "Order")),
        // Nothing is overdue in a fresh tenant: the run tells nobody (OverdueNotificationTemplateTests has the entries).
        ["WF-OVERDUE"] = new("APPROVAL_ENTRY", "OVERDUE-NOTIFICATIONS", "OVERDUE_APPROVAL_NOTIFICATIONS_REQUESTED", new(), Ending.RanOnce,
            Expected: ("history", "Overdue approval entries have been created (0).")),
        ["WF-CUSTAPW"] = Record("CUSTOMER", "C-1", "CUSTOMER_APPROVAL_REQUESTED"),
        ["WF-VENDAPW"] = Record("VENDOR", "V-1", "VENDOR_APPROVAL_REQUESTED"),
        ["WF-VENDBANKACCAPW"] = Record("VENDOR_BANK_ACCOUNT", "V-1/ECA", "VENDOR_BANK_ACCOUNT_APPROVAL_REQUESTED",
            new() { ["Vendor No."] = "V-1", ["Code"] = "ECA", ["IBAN"] = "DE02120300000000202051" }),
        ["WF-ITEMAPW"] = Record("ITEM", "1000", "ITEM_APPROVAL_REQUESTED", new() { ["Description"] = "Bicycle" }),
        ["WF-GJBAPW"] = Record("GEN_JOURNAL_BATCH", "GENERAL/DEFAULT", "GEN_JOURNAL_BATCH_APPROVAL_REQUESTED",
            new() { ["Journal Template Name"] = "GENERAL", ["Name"] = "DEFAULT" }) with
        {
            Setup = [JournalLine("GENERAL/DEFAULT/10000", "G/L Account", "8100", "300"), JournalLine("GENERAL/DEFAULT/20000", "Vendor", "V-1", "-300")],
        },
        ["WF-GJLAPW"] = Record("GEN_JOURNAL_LINE", "PAYMENT/DEFAULT/10000", "GEN_JOURNAL_LINE_APPROVAL_REQUESTED",
            new() { ["Document Type"] = "Payment", ["Account Type"] = "Vendor", ["Account No."] = "V-1", ["Amount"] = "700" }),
        ["WF-IJBAPW"] = Record("ITEM_JOURNAL_BATCH", "ITEM/DEFAULT", "ITEM_JOURNAL_BATCH_APPROVAL_REQUESTED",
            new() { ["Journal Template Name"] = "ITEM", ["Name"] = "DEFAULT" }),
        ["WF-RWBAPW"] = Record("REQ_WORKSHEET_BATCH", "REQ/DEFAULT", "REQ_WORKSHEET_BATCH_APPROVAL_REQUESTED",
            new() { ["Worksheet Template Name"] = "REQ", ["Name"] = "DEFAULT" }),
        ["WF-CCLCAPW"] = Change("CUSTOMER", "CUSTOMER_CREATED", "CUSTOMER_CHANGED", "Credit Limit (LCY)", "1000", "5000"),
        ["WF-IUPCAPW"] = Change("ITEM", "ITEM_CREATED", "ITEM_CHANGED", "Unit Price", "10", "12.5"),
        ["WF-VNCAPW"] = Change("VENDOR", "VENDOR_CREATED", "VENDOR_CHANGED", "Name", "Fabrikam", "Fabrikam Ltd."),
        ["WF-PIW"] = new("PURCHASE_DOCUMENT", "PI-PIW-1", "PURCHASE_DOCUMENT_RELEASED",
            new(PostingApi.VendorInvoice) { ["Status"] = "Released" }, Ending.PostedAndPaymentLineMade),
        ["WF-INCDOC"] = new("INCOMING_DOCUMENT", "ID-1", "INCOMING_DOCUMENT_CREATED", new() { ["Description"] = "Scanned invoice" }, Ending.Notified),
        ["WF-INCDOCAPW"] = new("INCOMING_DOCUMENT", "ID-2", "INCOMING_DOCUMENT_APPROVAL_REQUESTED",
            new() { ["Status"] = "New", ["Description"] = "Scanned invoice" }, Ending.Released, Expected: ("Status", "Released")),
    };

    /// <summary>Every template on SQLite; on PostgreSQL one of each pattern.</summary>
    public static TheoryData<string, string> Templates()
    {
        var data = new TheoryData<string, string>();
        foreach (var code in Paths.Keys)
            data.Add(TestDatabase.Sqlite, code);
        foreach (var code in new[] { "WF-PIAPW", "WF-BSOAPW", "WF-CUSTAPW", "WF-GJBAPW", "WF-IJBAPW", "WF-CCLCAPW", "WF-INCDOC", "WF-PIW", "WF-SICLAPW" })
            data.Add(TestDatabase.Postgres, code);
        return data;
    }

    [Fact]
    public async Task Every_built_in_template_has_a_main_path_here_and_names_its_Business_Central_template()
    {
        var (_, administrator) = await servers.TenantAsync(TestDatabase.Sqlite);
        var templates = (await administrator.GetFromJsonAsync<JsonElement>("/api/v1/templates")).EnumerateArray().ToList();
        Assert.Equal(Paths.Keys.Order(StringComparer.Ordinal), templates.Select(t => t.GetProperty("code").GetString()!).Order(StringComparer.Ordinal));
        foreach (var template in templates.Where(t => t.GetProperty("code").GetString() != "WF-VNCAPW"))
        {
            var businessCentralCode = template.GetProperty("businessCentralCode").GetString();
            Assert.Equal("MS-" + template.GetProperty("code").GetString()![3..], businessCentralCode);
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task A_built_in_template_copies_enables_and_runs_its_main_path_on_a_sample_record(string provider, string template)
    {
        var path = Paths[template];
        var (server, administrator) = await servers.TenantAsync(provider);
        var scenario = await ApprovalScenario.StartAsync(server, administrator, Requester, Approver);
        await scenario.SetupAsync(Approver, unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync(Requester, approver: Approver);
        await scenario.GroupAsync(UserGroup, (Approver, 1));
        await CopyFillInAndEnableAsync(scenario.Admin, template, "MY-COPY");

        var requester = new WorkflowApi(scenario.As(Requester));
        foreach (var (setupEvent, recordType, recordId, fields) in path.Setup)
            await requester.RaiseOkAsync(setupEvent, recordType, recordId, fields);
        if (path.Before is { } before)
            await requester.RaiseOkAsync(before.Event, path.RecordType, path.RecordId, before.Fields);
        var raised = await requester.RaiseOkAsync(path.Event, path.RecordType, path.RecordId, path.Fields);
        Assert.Empty(raised.GetProperty("errors").EnumerateArray());
        var instanceId = Assert.Single(raised.GetProperty("startedInstances").EnumerateArray()).GetProperty("instanceId").GetString()!;

        if (path.Ending == Ending.PostedAndPaymentLineMade)
        {
            // Posting, then the posted invoice's event, then the line's: each round of background work does one.
            for (var round = 0; round < 5 && (await scenario.Admin.InstanceAsync(instanceId)).GetProperty("status").GetString() == "Running"; round++)
                await server.RunDueWorkAsync();
            var posting = new PostingApi(scenario.Admin.Client);
            var invoice = Assert.Single(await posting.ListAsync($"posted-documents?recordId={path.RecordId}"));
            Assert.Equal(("Posted Purchase Invoice", "108001"), (invoice.GetProperty("documentType").GetString(), invoice.GetProperty("documentNo").GetString()));
            var line = (await scenario.Admin.RecordAsync("GEN_JOURNAL_LINE", "PAYMENT/DEFAULT/108001")).GetProperty("fields");
            Assert.Equal(("Payment", "Vendor", "V10000", "1250", "108001"), (line.GetProperty("Document Type").GetString(), line.GetProperty("Account Type").GetString(),
                line.GetProperty("Account No.").GetString(), line.GetProperty("Amount").GetString(), line.GetProperty("Applies-to Doc. No.").GetString()));
            var notifications = await scenario.As(Approver).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
            Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("recordId").GetString() == "PAYMENT/DEFAULT/108001");
            var instance = await scenario.Admin.InstanceAsync(instanceId);
            Assert.Equal(("GEN_JOURNAL_LINE", "PAYMENT/DEFAULT/108001"), (instance.GetProperty("recordType").GetString(), instance.GetProperty("recordId").GetString()));
        }
        else if (path.Ending == Ending.RanOnce)
        {
            Assert.Contains((await scenario.Admin.InstanceAsync(instanceId)).GetProperty("history").EnumerateArray(),
                h => h.GetProperty("text").GetString() == path.Expected!.Value.Value);
        }
        else if (path.Ending == Ending.Notified)
        {
            var notifications = await scenario.As(Approver).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
            Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("recordId").GetString() == path.RecordId);
        }
        else
        {
            Assert.Equal([path.RecordId], await scenario.InboxAsync(Approver));
            if (path.Ending != Ending.ChangeApplied)
                Assert.NotEmpty((await scenario.Admin.RecordAsync(path.RecordType, path.RecordId)).GetProperty("restrictions").EnumerateArray());
            else
                Assert.NotEqual(path.Expected!.Value.Value, await scenario.Admin.FieldAsync(path.RecordType, path.RecordId, path.Expected.Value.Field));

            await scenario.ActOkAsync(Approver, instanceId, "approve");

            Assert.Empty(await scenario.InboxAsync(Approver));
            var record = await scenario.Admin.RecordAsync(path.RecordType, path.RecordId);
            Assert.Empty(record.GetProperty("restrictions").EnumerateArray());
            if (path.Expected is { } expected)
                Assert.Equal(expected.Value, record.GetProperty("fields").GetProperty(expected.Field).GetString());
        }
        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(instanceId)).GetProperty("status").GetString());
    }

    /// <summary>
    /// The credit limit check counts what the customer owes already: an invoice of 800 posted for the customer, then a
    /// document of 300 against a limit of 1000 goes for approval though 300 alone is within it.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_credit_limit_template_counts_the_customers_ledger_balance_and_sends_the_document_for_approval(string provider)
    {
        var (scenario, requester) = await CustomerWithCreditLimitAsync(provider, "C-OWES", "1000");
        var posting = new PostingApi(scenario.Admin.Client);
        await posting.ReleasedAsync("SALES_DOCUMENT", "SI-EARLIER", new Dictionary<string, string>
        {
            ["Document Type"] = "Invoice", ["Sell-to Customer No."] = "C-OWES", ["Amount"] = "800", ["Document Date"] = "2026-11-02",
        });
        await posting.PostOkAsync("SALES_DOCUMENT", "SI-EARLIER");
        await CopyFillInAndEnableAsync(scenario.Admin, "WF-SICLAPW", "SICL-COPY");

        var raised = await requester.RaiseOkAsync("SALES_DOCUMENT_APPROVAL_REQUESTED", "SALES_DOCUMENT", "SI-300", CreditDocument("C-OWES", "300"));

        var instanceId = raised.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        Assert.Equal(["SI-300"], await scenario.InboxAsync(Approver));
        var record = await scenario.Admin.RecordAsync("SALES_DOCUMENT", "SI-300");
        Assert.Equal("Pending Approval", record.GetProperty("fields").GetProperty("Status").GetString());
        Assert.NotEmpty(record.GetProperty("restrictions").EnumerateArray());
        Assert.Contains((await scenario.Admin.InstanceAsync(instanceId)).GetProperty("history").EnumerateArray(),
            h => h.GetProperty("text").GetString() == "Customer C-OWES: balance 800 plus this document 300 is 1100; credit limit 1000, exceeded.");
    }

    /// <summary>Within the credit limit (P6's other branch): Pending Approval, the sender's own entry approved at once, released; nobody is asked.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_credit_limit_template_releases_a_document_within_the_limit_without_asking_anyone(string provider)
    {
        var (scenario, requester) = await CustomerWithCreditLimitAsync(provider, "C-ROOM", "1000");
        await CopyFillInAndEnableAsync(scenario.Admin, "WF-SOCLAPW", "SOCL-COPY");

        var raised = await requester.RaiseOkAsync("SALES_DOCUMENT_APPROVAL_REQUESTED", "SALES_DOCUMENT", "SO-300", CreditDocument("C-ROOM", "300", "Order"));

        var instance = await scenario.Admin.InstanceAsync(raised.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
        Assert.Contains(instance.GetProperty("history").EnumerateArray(),
            h => h.GetProperty("text").GetString() == "Customer C-ROOM: balance 0 plus this document 300 is 300; credit limit 1000, not exceeded.");
        Assert.Empty(await scenario.InboxAsync(Approver));
        var record = await scenario.Admin.RecordAsync("SALES_DOCUMENT", "SO-300");
        Assert.Equal("Released", record.GetProperty("fields").GetProperty("Status").GetString());
        Assert.Empty(record.GetProperty("restrictions").EnumerateArray());
        Assert.Equal([$"{Requester}:Approved"], await scenario.RecordEntriesAsync("SALES_DOCUMENT", "SO-300"));
    }

    /// <summary>
    /// Business Central's "Send Overdue Approval Notifications": refused without an enabled MS-OVERDUE, in its words, and
    /// for anyone but a tenant administrator; with the workflow, each run tells the approver of the entry due today once
    /// more, and nobody of the entry due in five days.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_overdue_batch_job_needs_its_workflow_and_then_tells_approvers_of_entries_due_by_today(string provider)
    {
        const string Run = "/api/v1/approvals/send-overdue-notifications";
        var (server, administrator) = await servers.TenantAsync(provider);
        var scenario = await ApprovalScenario.StartAsync(server, administrator, Requester, Approver);
        await scenario.SetupAsync(Approver, unlimited: true);
        await scenario.SetupAsync(Requester, approver: Approver, purchaseLimit: 100);
        foreach (var (due, documentNo) in new[] { ("<0D>", "PI-DUE"), ("<5D>", "PI-LATER") })
        {
            await scenario.EnableDocumentApprovalAsync("PURCHASE_DOCUMENT", "Invoice",
                new { approverType = "Salesperson/Purchaser", approverLimitType = "Approver Chain", approvalLimit = "Purchase", dueDateFormula = due }, $"OVD-{documentNo}");
            await scenario.SendDocumentOkAsync(Requester, "PURCHASE_DOCUMENT", "Invoice", documentNo, 8000m, approverCode: Approver);
            Assert.True((await scenario.Admin.Client.PostAsync($"/api/v1/workflows/OVD-{documentNo}/disable", null)).IsSuccessStatusCode);
        }

        var refused = await scenario.Admin.Client.PostAsync(Run, null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("There is no workflow enabled for sending overdue approval notifications.",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.As(Requester).PostAsync(Run, null)).StatusCode);

        async Task<int> OverdueAsync(string documentNo) =>
            (await scenario.As(Approver).GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Count(n => n.GetProperty("entryType").GetString() == "Overdue" && n.GetProperty("recordId").GetString() == documentNo);
        var before = await OverdueAsync("PI-DUE");
        await CopyFillInAndEnableAsync(scenario.Admin, "WF-OVERDUE", "OVERDUE-COPY");

        foreach (var run in new[] { 1, 2 })
        {
            var ran = await scenario.Admin.Client.PostAsync(Run, null);
            Assert.True(ran.IsSuccessStatusCode, await ran.Content.ReadAsStringAsync());
            var instanceId = (await ran.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
            var instance = await scenario.Admin.InstanceAsync(instanceId);
            Assert.Equal("Completed", instance.GetProperty("status").GetString());
            Assert.Contains(instance.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == "Overdue approval entries have been created (1).");
            Assert.Equal(before + run, await OverdueAsync("PI-DUE"));
        }
        Assert.Equal(0, await OverdueAsync("PI-LATER"));
    }

    /// <summary>A tenant with the approval setup of the main paths and one customer with a credit limit, raised by the requester.</summary>
    private async Task<(ApprovalScenario Scenario, WorkflowApi Requester)> CustomerWithCreditLimitAsync(string provider, string customerNo, string creditLimit)
    {
        var (server, administrator) = await servers.TenantAsync(provider);
        var scenario = await ApprovalScenario.StartAsync(server, administrator, Requester, Approver);
        await scenario.SetupAsync(Approver, unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync(Requester, approver: Approver);
        var requester = new WorkflowApi(scenario.As(Requester));
        await requester.RaiseOkAsync("CUSTOMER_CREATED", "CUSTOMER", customerNo, new Dictionary<string, string> { ["Name"] = customerNo, ["Credit Limit (LCY)"] = creditLimit });
        return (scenario, requester);
    }

    private static Dictionary<string, string> CreditDocument(string customerNo, string amount, string documentType = "Invoice") => new()
    {
        ["Document Type"] = documentType, ["Status"] = "Open", ["Amount"] = amount, ["Salesperson Code"] = Approver, ["Sell-to Customer No."] = customerNo,
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_journal_batch_template_sends_an_unbalanced_batch_to_nobody_and_tells_the_user(string provider)
    {
        var (server, administrator) = await servers.TenantAsync(provider);
        var scenario = await ApprovalScenario.StartAsync(server, administrator, Requester, Approver);
        await scenario.SetupAsync(Approver, unlimited: true);
        await scenario.SetupAsync(Requester, approver: Approver);
        await CopyFillInAndEnableAsync(scenario.Admin, "WF-GJBAPW", "GJB-COPY");
        var requester = new WorkflowApi(scenario.As(Requester));
        foreach (var (lineEvent, recordType, recordId, fields) in new[] { JournalLine("GENERAL/UNBAL/10000", "G/L Account", "8100", "300"), JournalLine("GENERAL/UNBAL/20000", "Vendor", "V-1", "-250") })
            await requester.RaiseOkAsync(lineEvent, recordType, recordId, fields);

        var raised = await requester.RaiseOkAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH", "GENERAL/UNBAL", new { Name = "UNBAL" });

        var instance = await scenario.Admin.InstanceAsync(raised.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Contains(instance.GetProperty("history").EnumerateArray(),
            h => h.GetProperty("text").GetString() == "The selected general journal batch is not balanced and cannot be sent for approval.");
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
        Assert.Empty(await scenario.InboxAsync(Approver));
        Assert.Empty((await scenario.Admin.RecordAsync("GEN_JOURNAL_BATCH", "GENERAL/UNBAL")).GetProperty("restrictions").EnumerateArray());
    }

    [Fact]
    public async Task The_purchase_invoice_workflow_is_not_enabled_until_its_journal_template_and_batch_are_named()
    {
        var (_, administrator) = await servers.TenantAsync(TestDatabase.Sqlite);
        var admin = new WorkflowApi(administrator);
        var copy = await administrator.PostAsJsonAsync("/api/v1/workflows/WF-PIW/copy", new { code = "PIW-BLANK" });
        Assert.True(copy.IsSuccessStatusCode, await copy.Content.ReadAsStringAsync());

        var errors = (await admin.EnableRefusedAsync("PIW-BLANK")).GetProperty("errors");

        foreach (var option in new[] { "journalTemplateName", "journalBatchName" })
        {
            var field = errors.EnumerateObject().Single(e => e.Name.EndsWith($".options.{option}", StringComparison.Ordinal));
            Assert.Contains(field.Value.EnumerateArray(), r => r.GetString()!.Contains("is required by response BACKGROUND_CREATE_PAYMENT_LINE", StringComparison.Ordinal));
        }
        Assert.False((await administrator.GetFromJsonAsync<JsonElement>("/api/v1/workflows/PIW-BLANK")).GetProperty("enabled").GetBoolean());
    }

    /// <summary>
    /// Copies a template as an administrator does; a copy is a disabled workflow of the template's category. Where the
    /// template leaves an option blank that enabling needs, enabling the copy is refused until it is filled in.
    /// </summary>
    internal static async Task CopyFillInAndEnableAsync(WorkflowApi admin, string template, string code)
    {
        var copy = await admin.Client.PostAsJsonAsync($"/api/v1/workflows/{template}/copy", new { code });
        Assert.True(copy.IsSuccessStatusCode, await copy.Content.ReadAsStringAsync());
        var templateCategory = (await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/templates")).EnumerateArray()
            .Single(t => t.GetProperty("code").GetString() == template).GetProperty("category").GetString();
        var workflow = JsonNode.Parse(await admin.Client.GetStringAsync($"/api/v1/workflows/{code}"))!;
        Assert.False(workflow["enabled"]!.GetValue<bool>());
        Assert.False(workflow["template"]!.GetValue<bool>());
        Assert.Equal(templateCategory, workflow["category"]!.GetValue<string>());

        var steps = workflow["steps"]!.AsArray();
        var blanks = steps.SelectMany(s => s!["options"]!.AsObject().Where(o => o.Value?.GetValue<string>() == "").Select(o => (Options: s["options"]!, o.Key))).ToList();
        if (blanks.Count > 0)
        {
            await admin.EnableRefusedAsync(code);
            foreach (var (options, key) in blanks)
                options[key] = key switch
                {
                    "workflowUserGroupCode" => UserGroup,
                    "journalTemplateName" => "PAYMENT",
                    "journalBatchName" => "DEFAULT",
                    _ => Approver,
                };
            var update = await admin.Client.PutAsJsonAsync($"/api/v1/workflows/{code}", new JsonObject
            {
                ["description"] = workflow["description"]!.GetValue<string>(),
                ["category"] = templateCategory,
                ["steps"] = steps.DeepClone(),
            });
            Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        }
        var enabled = await admin.Client.PostAsync($"/api/v1/workflows/{code}/enable", null);
        Assert.True(enabled.IsSuccessStatusCode, await enabled.Content.ReadAsStringAsync());
    }
}
