using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Outbox;
using Workflow.Engine.Storage;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Approvals;

/// <summary>
/// No way around an approval (issue 10): the built-in templates restrict the document while it is under approval, a
/// requester cannot change or release it meanwhile, one restriction per record, and the release raises "document
/// released". End to end through the API, on both storage providers.
/// </summary>
public sealed class NoWayAroundApprovalTests
{
    private const string Template = "WF-PIAPW";

    /// <summary>REQ asks, PUR is the invoices' purchaser and approves them (WF-PIAPW: Salesperson/Purchaser, Direct Approver).</summary>
    private static async Task<ApprovalScenario> PurchaserApprovesAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "PUR");
        await scenario.SetupAsync("PUR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "PUR");
        await scenario.EnableTemplateAsync(Template, "PI-APPROVAL");
        return scenario;
    }

    private static Task<HttpResponseMessage> ChangeAsync(ApprovalScenario scenario, string user, string invoice, object fields) =>
        new WorkflowApi(scenario.As(user)).RaiseAsync("RECORD_CHANGED", "PURCHASE_DOCUMENT", invoice, fields);

    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode status) =>
        (await ProblemAssert.IsProblemAsync(response, status)).GetProperty("detail").GetString()!;

    private static async Task<JsonElement[]> RestrictionsAsync(ApprovalScenario scenario, string invoice) =>
        (await scenario.Admin.RecordAsync("PURCHASE_DOCUMENT", invoice)).GetProperty("restrictions").EnumerateArray().ToArray();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Templates_are_read_only_and_their_codes_cannot_be_taken(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var admin = new WorkflowApi(server.AdminClient());
        var steps = new[] { Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED"), Response(2, "RELEASE_DOCUMENT", 1) };

        var put = await admin.Client.PutAsJsonAsync($"/api/v1/workflows/{Template}", new { description = "Mine now", steps });
        Assert.Contains("Workflow templates cannot be edited", await DetailAsync(put, HttpStatusCode.Conflict));
        Assert.Contains("Workflow templates cannot be edited", await DetailAsync(await admin.Client.PostAsync($"/api/v1/workflows/{Template}/enable", null), HttpStatusCode.Conflict));
        Assert.Contains("cannot delete a workflow template", await DetailAsync(await admin.Client.DeleteAsync($"/api/v1/workflows/{Template}"), HttpStatusCode.Conflict));
        await ProblemAssert.IsProblemAsync(await admin.CreateAsync(Template, steps), HttpStatusCode.BadRequest, "code");
        // Nothing was written: the tenant has no workflow of that code, and the template is as the plugin ships it.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/v1/workflows/{Template}")).StatusCode);
        var templates = await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/templates");
        Assert.Equal(24, templates.EnumerateArray().Single(t => t.GetProperty("code").GetString() == Template).GetProperty("steps").GetArrayLength());

        // A tenant's own template (imported, say) is read-only too.
        var own = await admin.Client.PostAsJsonAsync("/api/v1/workflows", new { code = "MY-TEMPLATE", description = "Own template", template = true, steps });
        Assert.True(own.IsSuccessStatusCode, await own.Content.ReadAsStringAsync());
        var before = await admin.Client.GetStringAsync("/api/v1/workflows/MY-TEMPLATE");
        await ProblemAssert.IsProblemAsync(await admin.Client.PutAsJsonAsync("/api/v1/workflows/MY-TEMPLATE", new { description = "Changed", template = true, steps }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.Client.DeleteAsync("/api/v1/workflows/MY-TEMPLATE"), HttpStatusCode.Conflict);
        Assert.Equal(before, await admin.Client.GetStringAsync("/api/v1/workflows/MY-TEMPLATE"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task While_an_invoice_is_pending_approval_its_requester_can_neither_release_it_nor_lower_its_amount(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await PurchaserApprovesAsync(server);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-1", 8000m, purchaser: "PUR");

        var record = await scenario.Admin.RecordAsync("PURCHASE_DOCUMENT", "PI-1");
        Assert.Equal("Pending Approval", record.GetProperty("fields").GetProperty("Status").GetString());
        Assert.Contains("PI-APPROVAL", Assert.Single(record.GetProperty("restrictions").EnumerateArray()).GetProperty("details").GetString());
        Assert.Equal(["PUR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));

        var release = await DetailAsync(await ChangeAsync(scenario, "REQ", "PI-1", new Dictionary<string, string> { ["Status"] = "Released" }), HttpStatusCode.Conflict);
        Assert.Contains("PURCHASE_DOCUMENT PI-1 is Pending Approval", release);
        Assert.Contains("Status", release);
        var lower = await DetailAsync(await ChangeAsync(scenario, "REQ", "PI-1", new Dictionary<string, string> { ["Amount"] = "1" }), HttpStatusCode.Conflict);
        Assert.Contains("Amount", lower);
        // Asking again while it is pending is a change too (the status would go back to Open).
        await ProblemAssert.IsProblemAsync(await new WorkflowApi(scenario.As("REQ")).RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-1",
            new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "1" }), HttpStatusCode.Conflict);

        Assert.Equal(record.GetRawText(), (await scenario.Admin.RecordAsync("PURCHASE_DOCUMENT", "PI-1")).GetRawText());
        Assert.Equal(["PUR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));

        await scenario.ActOkAsync("PUR", request, "approve");
        var approved = await scenario.Admin.RecordAsync("PURCHASE_DOCUMENT", "PI-1");
        Assert.Equal("Released", approved.GetProperty("fields").GetProperty("Status").GetString());
        Assert.Equal("8000", approved.GetProperty("fields").GetProperty("Amount").GetString());
        Assert.Empty(approved.GetProperty("restrictions").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_invoice_an_enabled_approval_workflow_covers_cannot_be_released_by_hand_or_by_a_workflow(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await PurchaserApprovesAsync(server);
        await scenario.Admin.CreateAndEnableAsync("AUTO-RELEASE",
        [
            Event(1, "RECORD_CHANGED", conditions: new Dictionary<string, string> { ["Amount"] = "<100" }),
            Response(2, "RELEASE_DOCUMENT", 1),
        ], recordType: "PURCHASE_DOCUMENT");
        var api = new WorkflowApi(scenario.As("REQ"));
        Assert.True((await api.RaiseAsync("RECORD_CHANGED", "PURCHASE_DOCUMENT", "PI-2",
            new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "500" })).IsSuccessStatusCode);
        var before = await scenario.Admin.RecordAsync("PURCHASE_DOCUMENT", "PI-2");

        var byHand = await DetailAsync(await ChangeAsync(scenario, "REQ", "PI-2", new Dictionary<string, string> { ["Status"] = "Released" }), HttpStatusCode.Conflict);
        Assert.StartsWith("This document can only be released when the approval process is complete.", byHand.Replace(":", "."));
        Assert.Contains("PI-APPROVAL", byHand);
        Assert.Equal(before.GetRawText(), (await scenario.Admin.RecordAsync("PURCHASE_DOCUMENT", "PI-2")).GetRawText());

        var byWorkflow = await api.RaiseOkAsync("RECORD_CHANGED", "PURCHASE_DOCUMENT", "PI-2", new Dictionary<string, string> { ["Amount"] = "50" });
        Assert.Contains("This document can only be released when the approval process is complete", Assert.Single(byWorkflow.GetProperty("errors").EnumerateArray()).GetString());
        Assert.Equal("Open", await scenario.Admin.FieldAsync("PURCHASE_DOCUMENT", "PI-2", "Status"));

        // It is the approval workflow that stands in the way: disabled, the same change releases the invoice.
        Assert.True((await scenario.Admin.Client.PostAsync("/api/v1/workflows/PI-APPROVAL/disable", null)).IsSuccessStatusCode);
        var released = await api.RaiseOkAsync("RECORD_CHANGED", "PURCHASE_DOCUMENT", "PI-2", new Dictionary<string, string> { ["Amount"] = "40" });
        Assert.Empty(released.GetProperty("errors").EnumerateArray());
        Assert.Equal("Released", await scenario.Admin.FieldAsync("PURCHASE_DOCUMENT", "PI-2", "Status"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_release_response_refuses_an_invoice_with_unanswered_entries(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR", "CFO");
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("MGR", approver: "CFO", purchaseLimit: 1000);
        await scenario.SetupAsync("REQ", approver: "MGR");
        // A careless workflow: it releases on the first approval, whatever is still pending.
        await scenario.Admin.CreateAndEnableAsync("EAGER",
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = "Purchase" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4),
            Response(6, "RELEASE_DOCUMENT", 5),
        ]);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-3", 5000m);

        var first = await scenario.ActOkAsync("MGR", request, "approve");

        var error = Assert.Single(first.GetProperty("workflow")[0].GetProperty("errors").EnumerateArray()).GetString();
        Assert.Contains("This document can only be released when the approval process is complete", error);
        Assert.Contains("1 approval entries not answered yet", error);
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-3"));
        // The requester's own entry (Approver, Approver Chain) is approved at once, as in Business Central.
        Assert.Equal(["REQ:Approved", "MGR:Approved", "CFO:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rejected_invoice_stays_restricted_and_its_resubmission_re_uses_the_one_restriction_the_approval_lifts(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await PurchaserApprovesAsync(server);
        var first = await scenario.RequestApprovalAsync("REQ", "PI-4", 8000m, purchaser: "PUR");

        await scenario.ActOkAsync("PUR", first, "reject", new { comment = "Too much." });

        Assert.Equal("Open", await scenario.StatusAsync("PI-4"));
        Assert.Equal(["PUR:Rejected"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(first)));
        // Business Central's reject branch has no "Remove record restriction": the invoice stays restricted...
        Assert.Equal(first, Assert.Single(await RestrictionsAsync(scenario, "PI-4")).GetProperty("instanceId").GetString());
        await ProblemAssert.IsProblemAsync(await ChangeAsync(scenario, "REQ", "PI-4", new Dictionary<string, string> { ["Status"] = "Released" }), HttpStatusCode.Conflict);
        // ...and the template's "Notify Sender" tells the requester.
        var notifications = await scenario.As("REQ").GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("PI-4") && n.GetProperty("message").GetString()!.Contains("rejected"));

        // Fixed and sent again: a new request, which takes over the one restriction.
        var second = await scenario.RequestApprovalAsync("REQ", "PI-4", 6000m, purchaser: "PUR");
        Assert.NotEqual(first, second);
        Assert.Equal(second, Assert.Single(await RestrictionsAsync(scenario, "PI-4")).GetProperty("instanceId").GetString());
        Assert.Equal("6000", await scenario.Admin.FieldAsync("PURCHASE_DOCUMENT", "PI-4", "Amount"));

        await scenario.ActOkAsync("PUR", second, "approve");

        Assert.Equal("Released", await scenario.StatusAsync("PI-4"));
        Assert.Empty(await RestrictionsAsync(scenario, "PI-4"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Releasing_raises_document_released_so_a_workflow_waiting_on_it_runs(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await PurchaserApprovesAsync(server);
        await scenario.Admin.CreateAndEnableAsync("ON-RELEASE",
        [
            Event(1, "PURCHASE_DOCUMENT_RELEASED", conditions: new Dictionary<string, string> { ["Status"] = "Released" }),
            Response(2, "SET_FIELD_VALUE", 1, new { field = "Payment Terms Code", value = "NET30" }),
        ]);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-5", 8000m, purchaser: "PUR");
        Assert.Empty((await scenario.Admin.InstancesAsync("?workflowCode=ON-RELEASE")).EnumerateArray());

        await scenario.ActOkAsync("PUR", request, "approve");

        var instance = Assert.Single((await scenario.Admin.InstancesAsync("?workflowCode=ON-RELEASE")).EnumerateArray());
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
        Assert.Equal("NET30", await scenario.Admin.FieldAsync("PURCHASE_DOCUMENT", "PI-5", "Payment Terms Code"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_purchase_order_template_loops_back_to_send_while_approvals_are_pending_and_after_a_delegation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR", "SUB", "CFO");
        await scenario.SetupAsync("CFO", unlimited: true);
        await scenario.SetupAsync("SUB", approver: "CFO", purchaseLimit: 1000);
        await scenario.SetupAsync("MGR", approver: "CFO", purchaseLimit: 1000, substitute: "SUB");
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableTemplateAsync("WF-POAPW", "PO-APPROVAL");
        var started = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PO-1",
            new Dictionary<string, string> { ["Document Type"] = "Order", ["Status"] = "Open", ["Amount"] = "5000" });
        var request = started.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        Assert.Equal(["REQ:Approved", "MGR:Open", "CFO:Created"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));

        await scenario.ActOkAsync("MGR", request, "delegate");
        Assert.Equal("Completed", StepStatus(await scenario.Admin.InstanceAsync(request), 20));
        await scenario.ActOkAsync("SUB", request, "approve");
        Assert.Equal("Completed", StepStatus(await scenario.Admin.InstanceAsync(request), 10));
        Assert.Equal(["REQ:Approved", "SUB:Approved", "CFO:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Pending Approval", await scenario.Admin.FieldAsync("PURCHASE_DOCUMENT", "PO-1", "Status"));
        Assert.Single(await RestrictionsAsync(scenario, "PO-1"));

        await scenario.ActOkAsync("CFO", request, "approve");

        Assert.Equal("Released", await scenario.Admin.FieldAsync("PURCHASE_DOCUMENT", "PO-1", "Status"));
        Assert.Empty(await RestrictionsAsync(scenario, "PO-1"));
        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(request)).GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_an_invoice_under_approval_takes_its_entries_instance_and_restriction_with_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await PurchaserApprovesAsync(server);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-6", 8000m, purchaser: "PUR");
        Assert.Equal(["PI-6"], await scenario.InboxAsync("PUR"));

        var deleted = await scenario.As("REQ").DeleteAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-6");

        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        var body = await deleted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (body.GetProperty("approvalRequests").GetInt32(), body.GetProperty("canceledInstances").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-6")).StatusCode);
        Assert.Empty((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/approvals/entries?recordType=PURCHASE_DOCUMENT&recordId=PI-6")).EnumerateArray());
        Assert.Empty(await scenario.InboxAsync("PUR"));
        var instance = await scenario.Admin.InstanceAsync(request);
        Assert.Equal("Canceled", instance.GetProperty("status").GetString());
        await ProblemAssert.IsProblemAsync(await scenario.ActAsync("PUR", request, "approve"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await scenario.As("REQ").DeleteAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-6"), HttpStatusCode.NotFound);

        // A new invoice with the same number starts from nothing: no restriction, a new request, released on approval.
        var again = await scenario.RequestApprovalAsync("REQ", "PI-6", 500m, purchaser: "PUR");
        Assert.Equal(again, Assert.Single(await RestrictionsAsync(scenario, "PI-6")).GetProperty("instanceId").GetString());
        await scenario.ActOkAsync("PUR", again, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-6"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approval_event_still_in_the_outbox_when_its_invoice_is_deleted_does_not_bring_the_invoice_back(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await PurchaserApprovesAsync(server);
        await scenario.RequestApprovalAsync("REQ", "PI-7", 8000m, purchaser: "PUR");
        // As an approval answered on another server, or a deadline, leaves it for the relay: stored, not yet raised.
        var outbox = server.Services.GetRequiredService<EventOutbox>();
        var batch = new WriteBatch();
        outbox.Add(batch, "default", [new OutboxEvent("late-approval", "APPROVAL_REQUEST_APPROVED", "PURCHASE_DOCUMENT", "PI-7", "PUR", new Dictionary<string, string?>())]);
        await server.Services.GetRequiredService<GroupCommit>().CommitAsync(batch, CancellationToken.None);

        Assert.True((await scenario.As("REQ").DeleteAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-7")).IsSuccessStatusCode);
        await server.RunDueWorkAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-7")).StatusCode);
        Assert.Empty(await outbox.ReadDueAsync(10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_journal_line_under_approval_refuses_its_senders_delete_and_its_batch_cannot_be_sent_meanwhile(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        var direct = new { approverType = "Approver", approverLimitType = "Direct Approver" };
        await scenario.Admin.CreateAndEnableAsync("LINE-APPROVAL",
        [
            Event(1, "GEN_JOURNAL_LINE_APPROVAL_REQUESTED"),
            Response(2, "CREATE_APPROVAL_REQUESTS", 1, direct),
            Response(3, "SEND_APPROVAL_REQUEST", 2),
            Event(4, "APPROVAL_REQUEST_APPROVED", 3, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(5, "SHOW_MESSAGE", 4, new { message = "Line approved." }),
        ]);
        await scenario.Admin.CreateAndEnableAsync("BATCH-APPROVAL",
        [
            Event(1, "GEN_JOURNAL_BATCH_APPROVAL_REQUESTED"),
            Response(2, "CREATE_APPROVAL_REQUESTS", 1, direct),
            Response(3, "SEND_APPROVAL_REQUEST", 2),
        ]);
        var requester = new WorkflowApi(scenario.As("REQ"));
        const string Line = "GENERAL/DEFAULT/10000";
        var lineRequest = (await requester.RaiseOkAsync("GEN_JOURNAL_LINE_APPROVAL_REQUESTED", "GEN_JOURNAL_LINE", Line,
                new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Journal Batch Name"] = "DEFAULT", ["Line No."] = "10000", ["Amount"] = "300" }))
            .GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;

        var delete = await DetailAsync(await scenario.As("REQ").DeleteAsync($"/api/v1/records/GEN_JOURNAL_LINE/{Line}"), HttpStatusCode.Conflict);
        Assert.Contains("You can't delete a record that has open approval entries", delete);
        Assert.Contains("Cancel the approval request first", delete);
        Assert.Equal(["MGR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(lineRequest)));

        var batchFields = new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "DEFAULT", ["Status"] = "Open" };
        var batch = await DetailAsync(await requester.RaiseAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH", "GENERAL/DEFAULT", batchFields), HttpStatusCode.Conflict);
        Assert.Contains(Line, batch);
        // Another batch's lines are no obstacle.
        Assert.Single((await requester.RaiseOkAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH", "GENERAL/DEFAULT2",
            new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "DEFAULT2", ["Status"] = "Open" })).GetProperty("startedInstances").EnumerateArray());
        Assert.Single((await scenario.Admin.InstancesAsync("?workflowCode=BATCH-APPROVAL")).EnumerateArray());

        await scenario.ActOkAsync("REQ", lineRequest, "cancel");

        Assert.Single((await requester.RaiseOkAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH", "GENERAL/DEFAULT", batchFields)).GetProperty("startedInstances").EnumerateArray());
        var deleted = await scenario.As("REQ").DeleteAsync($"/api/v1/records/GEN_JOURNAL_LINE/{Line}");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Empty((await scenario.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/approvals/entries?recordType=GEN_JOURNAL_LINE&recordId={Uri.EscapeDataString(Line)}")).EnumerateArray());
    }

    private const string JournalLine = "GEN_JOURNAL_LINE", JournalBatch = "GEN_JOURNAL_BATCH";

    /// <summary>REQ sends journal lines or batches to APPR; the batch GENERAL/B1 exists.</summary>
    private static async Task<(ApprovalScenario Scenario, WorkflowApi Requester)> JournalAsync(WorkflowServerFactory server, string template)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.EnableTemplateAsync(template, $"{template}-COPY");
        var requester = new WorkflowApi(scenario.As("REQ"));
        await requester.RaiseOkAsync("RECORD_CREATED", JournalBatch, "GENERAL/B1",
            new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "B1", ["Balance"] = "0" });
        return (scenario, requester);
    }

    /// <summary>A customer line of batch GENERAL/B1 balanced by G/L account 8100.</summary>
    private static Task<JsonElement> JournalLineAsync(WorkflowApi api, string eventCode, int lineNo, decimal amount) =>
        api.RaiseOkAsync(eventCode, JournalLine, $"GENERAL/B1/{lineNo}", new Dictionary<string, string>
        {
            ["Journal Template Name"] = "GENERAL", ["Journal Batch Name"] = "B1", ["Line No."] = $"{lineNo}", ["Document Type"] = "Invoice",
            ["Account Type"] = "Customer", ["Account No."] = "C1", ["Amount"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bal. Account Type"] = "G/L Account", ["Bal. Account No."] = "8100",
        });

    private static async Task<JsonElement[]> JournalRestrictionsAsync(ApprovalScenario scenario, int lineNo) =>
        (await scenario.Admin.RecordAsync(JournalLine, $"GENERAL/B1/{lineNo}")).GetProperty("restrictions").EnumerateArray().ToArray();

    /// <summary>
    /// While the line approval workflow is enabled, a line made or changed is restricted from posting but not from
    /// changes; sending it swaps that for the workflow's restriction, which holds changes too; approving lifts it and the
    /// batch could post, but a change after the approval restricts the line again, so an approved amount cannot be raised
    /// and posted unseen.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_journal_line_changed_after_its_approval_is_restricted_from_posting_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var (scenario, requester) = await JournalAsync(server, "WF-GJLAPW");
        var posting = new Posting.PostingApi(scenario.Admin.Client);

        await JournalLineAsync(requester, "GEN_JOURNAL_LINE_CREATED", 10000, 100m);
        var inserted = Assert.Single(await JournalRestrictionsAsync(scenario, 10000));
        Assert.False(inserted.GetProperty("blocksChanges").GetBoolean());
        await JournalLineAsync(requester, "RECORD_CHANGED", 10000, 120m);
        Assert.Contains("the line requires approval", await DetailAsync(await posting.PostAsync(JournalBatch, "GENERAL/B1"), HttpStatusCode.Conflict));

        var request = (await JournalLineAsync(requester, "GEN_JOURNAL_LINE_APPROVAL_REQUESTED", 10000, 120m))
            .GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        Assert.True(Assert.Single(await JournalRestrictionsAsync(scenario, 10000)).GetProperty("blocksChanges").GetBoolean());
        Assert.Contains("it is restricted", await DetailAsync(await requester.RaiseAsync("RECORD_CHANGED", JournalLine, "GENERAL/B1/10000",
            new Dictionary<string, string> { ["Amount"] = "1" }), HttpStatusCode.Conflict));
        await scenario.ActOkAsync("APPR", request, "approve");
        Assert.Empty(await JournalRestrictionsAsync(scenario, 10000));

        await JournalLineAsync(requester, "RECORD_CHANGED", 10000, 9000m);

        Assert.Equal("The restriction was imposed because the line requires approval.",
            Assert.Single(await JournalRestrictionsAsync(scenario, 10000)).GetProperty("details").GetString());
        Assert.StartsWith("You cannot use GEN_JOURNAL_LINE GENERAL/B1/10000 for this action",
            await DetailAsync(await posting.PostAsync(JournalBatch, "GENERAL/B1"), HttpStatusCode.Conflict));
        Assert.Empty(await posting.ListAsync("posted-documents"));
    }

    /// <summary>
    /// While the batch approval workflow is enabled, its lines are restricted as they are made ("the journal batch requires
    /// approval"); the batch's approval lifts the batch's restriction and its lines', so it posts; a line added after the
    /// approval is restricted, and the batch does not post until it is approved again.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_journal_line_added_after_its_batchs_approval_holds_the_batchs_posting(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var (scenario, requester) = await JournalAsync(server, "WF-GJBAPW");
        var posting = new Posting.PostingApi(scenario.Admin.Client);
        await JournalLineAsync(requester, "GEN_JOURNAL_LINE_CREATED", 10000, 100m);
        Assert.Equal("The restriction was imposed because the journal batch requires approval.",
            Assert.Single(await JournalRestrictionsAsync(scenario, 10000)).GetProperty("details").GetString());

        var request = (await requester.RaiseOkAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", JournalBatch, "GENERAL/B1",
            new Dictionary<string, string> { ["Balance"] = "0" })).GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        await scenario.ActOkAsync("APPR", request, "approve");

        Assert.Empty(await JournalRestrictionsAsync(scenario, 10000));
        Assert.Empty((await scenario.Admin.RecordAsync(JournalBatch, "GENERAL/B1")).GetProperty("restrictions").EnumerateArray());

        await JournalLineAsync(requester, "GEN_JOURNAL_LINE_CREATED", 20000, 50m);

        Assert.Single(await JournalRestrictionsAsync(scenario, 20000));
        Assert.StartsWith("You cannot use GEN_JOURNAL_LINE GENERAL/B1/20000 for this action",
            await DetailAsync(await posting.PostAsync(JournalBatch, "GENERAL/B1"), HttpStatusCode.Conflict));
        Assert.Empty(await posting.ListAsync("posted-documents"));

        // Without the unapproved line, the approved one posts.
        var deleted = await scenario.As("REQ").DeleteAsync($"/api/v1/records/{JournalLine}/GENERAL/B1/20000");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        await posting.PostOkAsync(JournalBatch, "GENERAL/B1");
        Assert.Equal(100m, Posting.PostingApi.Amount(Assert.Single(await posting.LedgerAsync("customer", "accountNo=C1"))));
    }
}
