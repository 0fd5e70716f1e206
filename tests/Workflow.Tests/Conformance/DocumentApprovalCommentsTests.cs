using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's codeunit 134201 "Document Approval - Comments": approval comments added by the approver or the
/// sender, with a rejection, and read by the others. A comment here belongs to the approval request of one document.
/// </summary>
public sealed class DocumentApprovalCommentsTests
{
    private static string[] Comments(JsonElement request) =>
        [.. request.GetProperty("comments").EnumerateArray().Select(c => $"{c.GetProperty("userId").GetString()}:{c.GetProperty("text").GetString()}")];

    private static async Task CommentAsync(ApprovalScenario scenario, string user, string request, string text)
    {
        var response = await scenario.As(user).PostAsJsonAsync($"/api/v1/approval-requests/{request}/comments", new { text });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// InsertApprovalCommentsForPurch{Type} and InsertApprovalCommentsForSales{Type}: the approver adds a comment to the
    /// document's open approval request; the request has it, by the approver, and the entry stays Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task InsertApprovalCommentsForDocument(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 500m, approverCode: "APPR");

            await CommentAsync(scenario, "APPR", request, $"Checked {recordType} {documentType}");

            Assert.Equal([$"APPR:Checked {recordType} {documentType}"], Comments(await scenario.RequestAsync(request)));
            Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }

    /// <summary>
    /// RejectRequestForSales{Type}WithComments: the approver rejects with a comment; the comment is kept, the entry is
    /// Rejected and the document Open.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task RejectRequestForSalesDocumentWithComments(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);
        await EnableSalespersonPurchaserChainAsync(scenario, Sales, documentType);
        var request = await scenario.SendDocumentOkAsync("REQ", Sales, documentType, "SD-1", 500m, approverCode: "APPR");

        await scenario.ActOkAsync("APPR", request, "reject", new { comment = "Prices are wrong" });

        Assert.Equal(["APPR:Prices are wrong"], Comments(await scenario.RequestAsync(request)));
        Assert.Equal(["APPR:Rejected"], await scenario.RecordEntriesAsync(Sales, "SD-1"));
        Assert.Equal("Open", await DocumentStatusAsync(scenario, Sales, "SD-1"));
    }

    /// <summary>
    /// InsertApprovalComments, InsertTwoApprovalCommentsForTwoEntries, InsertRejectionComments: comments added to two
    /// open approvals each stay with their own request; a rejection's comment is kept and its entry Rejected.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task InsertApprovalAndRejectionComments(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "APPR");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver", approvalLimit = "Purchase" });
        var first = await scenario.RequestApprovalAsync("REQ", "PI-1", 500m);
        var second = await scenario.RequestApprovalAsync("REQ", "PI-2", 500m);

        await CommentAsync(scenario, "APPR", first, "first");
        await CommentAsync(scenario, "APPR", second, "second");
        await scenario.ActOkAsync("APPR", second, "reject", new { comment = "rejected" });

        Assert.Equal(["APPR:first"], Comments(await scenario.RequestAsync(first)));
        Assert.Equal(["APPR:second", "APPR:rejected"], Comments(await scenario.RequestAsync(second)));
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(Purchase, "PI-1"));
        Assert.Equal(["APPR:Rejected"], await scenario.RecordEntriesAsync(Purchase, "PI-2"));
    }

    /// <summary>
    /// ApproverReadsSenderCommentFromPurchaseOrderCard, ApproverReadsSenderCommentFromSalesOrderCard,
    /// ApprovalCommentFromPurchaseReturnOrder, ApprovalCommentFromSalesReturnOrder, ApprovalCommentFactBoxWhenCommentExist,
    /// ApprovalCommentFactBoxWhenCommentNotExist: the approver reads the sender's comment on the order's or return
    /// order's request; the request of another document, without a comment, shows none.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task ApproverReadsSenderComment(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);

        foreach (var documentType in new[] { "Order", "Return Order" })
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            var commented = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, $"{documentType}-1", 500m, approverCode: "APPR");
            var plain = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, $"{documentType}-2", 500m, approverCode: "APPR");

            await CommentAsync(scenario, "REQ", commented, $"Urgent {documentType}, please");

            Assert.Equal([$"REQ:Urgent {documentType}, please"], Comments(await scenario.As("APPR").GetFromJsonAsync<JsonElement>($"/api/v1/approval-requests/{commented}")));
            Assert.Empty(Comments(await scenario.As("APPR").GetFromJsonAsync<JsonElement>($"/api/v1/approval-requests/{plain}")));
        }
    }

    /// <summary>
    /// CheckApprovalEntryWithStatusApprovedForPurchase, CheckApprovalEntryWithStatusApprovedForSales: with approver
    /// type Approver up the approver chain, sending an order makes the requester's own entry, Approved, before the
    /// approver's Open one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocuments), MemberType = typeof(Conformance))]
    public async Task CheckApprovalEntryWithStatusApproved(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);
        await scenario.EnableDocumentApprovalAsync(recordType, "Order", new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = LimitFor(recordType) });

        await scenario.SendDocumentOkAsync("REQ", recordType, "Order", "O-1", 500m, approverCode: "REQ");

        Assert.Equal(["REQ:Approved", "APPR:Open"], await scenario.RecordEntriesAsync(recordType, "O-1"));
    }

    public static TheoryData<string, string> ProvidersAndDeletedRecords()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var recordType in new[] { "GEN_JOURNAL_LINE", Customer, Vendor, Item, "GEN_JOURNAL_BATCH" })
                rows.Add(provider, recordType);
        return rows;
    }

    /// <summary>
    /// DeleteApprovalCommentWhen{GenJournalLine,Customer,Vendor,Item,GenJournalBatch}Deleted: a record sent for
    /// approval and commented on is deleted; its approval comments go with it (the request that holds them is gone).
    /// A journal line or batch refuses its delete while its request is open, so the sender cancels first; the comment
    /// stays on the canceled request until the record goes.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProvidersAndDeletedRecords))]
    public async Task DeleteApprovalCommentWhenRecordDeleted(string provider, string recordType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await scenario.SetupAsync("APPR");
        await scenario.SetupAsync("REQ", approver: "APPR");
        await EnableRecordApprovalAsync(scenario, recordType, code: "RECORD-APPROVAL");
        var (recordId, fields) = recordType switch
        {
            "GEN_JOURNAL_LINE" => ("GENERAL/B-1/10000", new Dictionary<string, string>
            {
                ["Journal Template Name"] = "GENERAL", ["Journal Batch Name"] = "B-1", ["Line No."] = "10000", ["Amount"] = "300",
            }),
            "GEN_JOURNAL_BATCH" => ("GENERAL/B-1", new Dictionary<string, string> { ["Journal Template Name"] = "GENERAL", ["Name"] = "B-1" }),
            _ => ("R-1", new Dictionary<string, string> { ["No."] = "R-1" }),
        };
        var request = await SendRecordOkAsync(scenario, "REQ", recordType, recordId, fields);
        await CommentAsync(scenario, "REQ", request, "Please approve");
        Assert.Equal(["REQ:Please approve"], Comments(await scenario.RequestAsync(request)));
        if (recordType.StartsWith("GEN_JOURNAL", StringComparison.Ordinal))
        {
            await CancelRecordApprovalAsync(scenario, "REQ", recordType, recordId);
            Assert.Equal(["REQ:Please approve"], Comments(await scenario.RequestAsync(request)));
        }

        var deleted = await scenario.As("REQ").DeleteAsync($"/api/v1/records/{recordType}/{recordId}");

        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync($"/api/v1/approval-requests/{request}")).StatusCode);
        Assert.Empty(await scenario.RecordEntriesAsync(recordType, recordId));
    }

    /// <summary>
    /// ApprovalCommentIsMovedToPostedApprovalCommentLineWhenDocumentIsPosted: a sales invoice whose approval request
    /// has a comment is approved and posted; the comment is a posted approval comment line of the posted sales invoice
    /// (and no longer a live request's).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApprovalCommentIsMovedToPostedApprovalCommentLineWhenDocumentIsPosted(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR");
        await SetupDocumentApprovalsAsync(scenario, unlimited: true);
        await EnableSalespersonPurchaserChainAsync(scenario, Sales, "Invoice");
        var sent = await new Workflows.WorkflowApi(scenario.As("REQ")).RaiseOkAsync("SALES_DOCUMENT_APPROVAL_REQUESTED", Sales, "SI-1", new Dictionary<string, string>
        {
            ["Document Type"] = "Invoice", ["Status"] = "Open", ["Sell-to Customer No."] = "C10000", ["Salesperson Code"] = "APPR", ["Amount"] = "500",
        });
        var request = sent.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        await CommentAsync(scenario, "APPR", request, "Prices checked.");
        await scenario.ActOkAsync("APPR", request, "approve");
        var posting = new Posting.PostingApi(scenario.Admin.Client);

        var posted = await posting.PostOkAsync(Sales, "SI-1");

        var invoice = posted.GetProperty("postedDocuments")[0];
        Assert.Equal("Posted Sales Invoice", invoice.GetProperty("documentType").GetString());
        var line = Assert.Single(await posting.ListAsync(
            $"posted-approval-comments?documentType=Posted%20Sales%20Invoice&documentNo={invoice.GetProperty("documentNo").GetString()}"));
        Assert.Equal(("APPR", "Prices checked."), (line.GetProperty("userId").GetString(), line.GetProperty("text").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync($"/api/v1/approval-requests/{request}")).StatusCode);
    }
}
