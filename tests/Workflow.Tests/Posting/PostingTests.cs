using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Posting;

/// <summary>Posting documents through the API: what a posting writes, and when it is refused, on both stores.</summary>
public sealed class PostingTests
{
    private static readonly object DirectApprover = new { approverType = "Approver", approverLimitType = "Direct Approver" };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approved_released_invoice_posts_with_its_own_number_balanced_ledger_entries_and_its_approval_entries_posted(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(DirectApprover);
        await SendAndApproveAsync(scenario, "PI-1", "Checked against the order.");
        Assert.Equal("Released", await scenario.StatusAsync("PI-1"));
        var entriesBefore = await scenario.RecordEntriesAsync("PURCHASE_DOCUMENT", "PI-1");
        Assert.NotEmpty(entriesBefore);

        var posting = new PostingApi(scenario.Admin.Client);
        var result = await posting.PostOkAsync("PURCHASE_DOCUMENT", "PI-1");

        Assert.Equal(["Posted Purchase Invoice 108001"], PostingApi.Numbers(result));
        // The open document is gone, and so are its live approval entries: they are posted with the invoice.
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-1")).StatusCode);
        Assert.Empty(await scenario.RecordEntriesAsync("PURCHASE_DOCUMENT", "PI-1"));
        var postedEntries = await posting.ListAsync("posted-approval-entries?documentType=Posted%20Purchase%20Invoice&documentNo=108001");
        Assert.Equal(entriesBefore, postedEntries.Select(e => $"{e.GetProperty("approverId").GetString()}:{e.GetProperty("status").GetString()}").ToArray());
        Assert.All(postedEntries, e => Assert.Equal("PI-1", e.GetProperty("recordId").GetString()));
        var comment = Assert.Single(await posting.ListAsync("posted-approval-comments?documentNo=108001"));
        Assert.Equal(("MGR", "Checked against the order."), (comment.GetProperty("userId").GetString(), comment.GetProperty("text").GetString()));
        await ProblemAssert.IsProblemAsync(await scenario.Admin.Client.GetAsync("/api/v1/ledger-entries/1"), HttpStatusCode.NotFound);

        var gl = await posting.LedgerAsync("gl", "documentNo=108001");
        Assert.Equal(0m, gl.Sum(PostingApi.Amount));
        Assert.Equal(["7110:1000", "5630:250", "5410:-1250"], gl.Select(e => $"{e.GetProperty("accountNo").GetString()}:{PostingApi.Amount(e)}").ToArray());
        var vendor = Assert.Single(await posting.LedgerAsync("vendor", "recordId=PI-1"));
        Assert.Equal(("V10000", -1250m, "108001"), (vendor.GetProperty("accountNo").GetString(), PostingApi.Amount(vendor), vendor.GetProperty("documentNo").GetString()));
        var document = Assert.Single(await posting.ListAsync("posted-documents?recordType=PURCHASE_DOCUMENT&recordId=PI-1"));
        Assert.Equal(("Fabrikam", 1250m, "2026-11-02"), (document.GetProperty("partyName").GetString(), document.GetProperty("amountIncludingVat").GetDecimal(), document.GetProperty("postingDate").GetString()));

        // Posting it again is refused, naming what it became; the next invoice takes the next number.
        var again = await ProblemAssert.IsProblemAsync(await posting.PostAsync("PURCHASE_DOCUMENT", "PI-1"), HttpStatusCode.Conflict);
        Assert.Contains("108001", again.GetProperty("detail").GetString());
        await SendAndApproveAsync(scenario, "PI-2");
        Assert.Equal(["Posted Purchase Invoice 108002"], PostingApi.Numbers(await posting.PostOkAsync("PURCHASE_DOCUMENT", "PI-2")));
    }

    private static async Task SendAndApproveAsync(ApprovalScenario scenario, string invoice, string? comment = null)
    {
        var sent = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice,
            new Dictionary<string, string>(PostingApi.VendorInvoice) { ["Status"] = "Open" });
        await scenario.ActOkAsync("MGR", sent.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!, "approve", new { comment });
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unreleased_restricted_and_unpostable_documents_are_refused_with_the_reason_and_nothing_is_posted(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        // Business Central's invoice approval template restricts the invoice while it is under approval.
        await scenario.EnableTemplateAsync("WF-PIAPW", "PI-TEMPLATE");
        var posting = new PostingApi(scenario.Admin.Client);

        // Open: not released.
        await new WorkflowApi(scenario.Admin.Client).RaiseOkAsync("RECORD_CREATED", "PURCHASE_DOCUMENT", "PCM-OPEN",
            new Dictionary<string, string>(PostingApi.VendorInvoice) { ["Document Type"] = "Credit Memo", ["Status"] = "Open" });
        var open = await ProblemAssert.IsProblemAsync(await posting.PostAsync("PURCHASE_DOCUMENT", "PCM-OPEN"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("must be approved and released", open.GetProperty("detail").GetString());

        // Pending Approval, then rejected: reopened but still restricted, as Business Central keeps a rejected document.
        var sent = await new WorkflowApi(scenario.As("REQ")).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-HELD",
            new Dictionary<string, string>(PostingApi.VendorInvoice) { ["Status"] = "Open", ["Purchaser Code"] = "MGR" });
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-HELD"));
        var pending = await ProblemAssert.IsProblemAsync(await posting.PostAsync("PURCHASE_DOCUMENT", "PI-HELD"), HttpStatusCode.Conflict);
        Assert.Contains("cannot be posted", pending.GetProperty("detail").GetString());
        await scenario.ActOkAsync("MGR", sent.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!, "reject");
        Assert.Equal("Open", await scenario.StatusAsync("PI-HELD"));
        var restricted = await ProblemAssert.IsProblemAsync(await posting.PostAsync("PURCHASE_DOCUMENT", "PI-HELD"), HttpStatusCode.Conflict);
        Assert.Contains("restricted", restricted.GetProperty("detail").GetString());

        // Released, but a quote is never posted, and an invoice needs its vendor.
        await posting.ReleasedAsync("PURCHASE_DOCUMENT", "PQ-1", new Dictionary<string, string>(PostingApi.VendorInvoice) { ["Document Type"] = "Quote" });
        var quote = await ProblemAssert.IsProblemAsync(await posting.PostAsync("PURCHASE_DOCUMENT", "PQ-1"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Quote is not posted", quote.GetProperty("detail").GetString());
        await posting.ReleasedAsync("SALES_DOCUMENT", "SI-NOBODY", new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Amount"] = "10" });
        var nobody = await ProblemAssert.IsProblemAsync(await posting.PostAsync("SALES_DOCUMENT", "SI-NOBODY"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Sell-to Customer No. must have a value", nobody.GetProperty("detail").GetString());

        // Nothing was posted and no number was taken: every document is still there, and the first posting gets the first number.
        Assert.Empty(await posting.ListAsync("posted-documents"));
        Assert.Empty(await posting.LedgerAsync("gl", ""));
        foreach (var (type, id) in new[] { ("PURCHASE_DOCUMENT", "PCM-OPEN"), ("PURCHASE_DOCUMENT", "PI-HELD"), ("PURCHASE_DOCUMENT", "PQ-1"), ("SALES_DOCUMENT", "SI-NOBODY") })
            Assert.Equal(HttpStatusCode.OK, (await scenario.Admin.Client.GetAsync($"/api/v1/records/{type}/{id}")).StatusCode);
        await posting.ReleasedAsync("SALES_DOCUMENT", "SO-1", new Dictionary<string, string>
        {
            ["Document Type"] = "Order", ["Sell-to Customer No."] = "C20000", ["Amount"] = "400", ["Amount Including VAT"] = "500",
        });
        Assert.Equal(["Posted Sales Shipment 102001", "Posted Sales Invoice 103001"], PostingApi.Numbers(await posting.PostOkAsync("SALES_DOCUMENT", "SO-1")));
        var gl = await posting.LedgerAsync("gl", "documentNo=103001");
        Assert.Equal(["2310:500", "6110:-400", "5610:-100"], gl.Select(e => $"{e.GetProperty("accountNo").GetString()}:{PostingApi.Amount(e)}").ToArray());
        Assert.Equal(500m, PostingApi.Amount(Assert.Single(await posting.LedgerAsync("customer", "accountNo=C20000"))));
        // The shipment carries no money.
        Assert.Empty(await posting.LedgerAsync("gl", "documentNo=102001"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Documents_posted_at_the_same_time_take_gap_free_numbers_and_the_tenants_posting_setup(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var admin = server.AdminClient();
        var setup = await admin.PutAsJsonAsync("/api/v1/posting-setup", new { payablesAccount = "2100", purchaseAccount = "6000" });
        Assert.True(setup.IsSuccessStatusCode, await setup.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/posting-setup", new { salesAccount = " " }), HttpStatusCode.BadRequest, "salesAccount");
        var posting = new PostingApi(admin);
        var invoices = Enumerable.Range(1, 12).Select(i => $"PI-C{i}").ToList();
        foreach (var invoice in invoices)
            await posting.ReleasedAsync("PURCHASE_DOCUMENT", invoice, PostingApi.VendorInvoice);

        var results = await Task.WhenAll(invoices.Select(invoice => posting.PostOkAsync("PURCHASE_DOCUMENT", invoice)));

        var numbers = results.Select(r => r.GetProperty("postedDocuments")[0].GetProperty("documentNo").GetString()!).Order().ToArray();
        Assert.Equal(Enumerable.Range(108001, 12).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), numbers);
        var gl = await posting.LedgerAsync("gl", "take=1000");
        Assert.Equal(36, gl.Length);
        Assert.All(gl.GroupBy(e => e.GetProperty("documentNo").GetString()), document => Assert.Equal(0m, document.Sum(PostingApi.Amount)));
        Assert.Equal(12, gl.Count(e => e.GetProperty("accountNo").GetString() == "2100"));
        Assert.Equal(12, gl.Count(e => e.GetProperty("accountNo").GetString() == "6000"));
    }
}
