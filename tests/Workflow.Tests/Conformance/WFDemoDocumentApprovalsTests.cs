using System.Net;
using System.Net.Http.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Conformance.Conformance;

namespace Workflow.Tests.Conformance;

/// <summary>
/// Business Central's document approval demo codeunits WFDemo{Purch,Sales}{Inv,Order,Quote,CrMemo,BOrder,RtrnOrder}Approvals
/// (WF Demo … Approvals), one codeunit per document type with the same end-to-end paths
/// {Purchase,Sales}{Type}ApprovalWorkflowOn{Approve,Rejection,Delegation,Cancellation}Path and
/// …ApprovalWorkflowApprovePathAddComments: each theory row is one
/// document type and runs the purchase and the sales procedure. The workflow is Business Central's document approval
/// pattern with the purchaser or salesperson as approver; the sender REQ's approver and the document's purchaser is
/// APPR, whose substitute is FINAL.
/// </summary>
public sealed class WFDemoDocumentApprovalsTests
{
    private static async Task<ApprovalScenario> SetupUsersForApprovalsAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "APPR", "FINAL");
        await scenario.SetupAsync("FINAL", unlimited: true, unlimitedSales: true);
        await scenario.SetupAsync("APPR", approver: "FINAL", unlimited: true, unlimitedSales: true, substitute: "FINAL");
        await scenario.SetupAsync("REQ", approver: "APPR");
        return scenario;
    }

    /// <summary>
    /// Sends the document and checks what every path checks first: the document is Pending Approval with one Open
    /// entry, sent by REQ, for the purchaser's or salesperson's user APPR.
    /// </summary>
    private static async Task<string> SendForApprovalAsync(ApprovalScenario scenario, string recordType, string documentType)
    {
        await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
        var request = await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 1200m, approverCode: "APPR");
        Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
        Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        Assert.Equal("REQ", (await scenario.RequestAsync(request)).GetProperty("senderId").GetString());
        return request;
    }

    /// <summary>…ApprovalWorkflowOnApprovePath: APPR approves; the document is Released and the entry Approved.</summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApprovalWorkflowOnApprovePath(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            var request = await SendForApprovalAsync(scenario, recordType, documentType);

            await scenario.ActOkAsync("APPR", request, "approve");

            Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Approved"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }

    /// <summary>…ApprovalWorkflowOnRejectionPath: APPR rejects; the document is Open again and the entry Rejected.</summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApprovalWorkflowOnRejectionPath(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            var request = await SendForApprovalAsync(scenario, recordType, documentType);

            await scenario.ActOkAsync("APPR", request, "reject");

            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Rejected"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }

    /// <summary>
    /// …ApprovalWorkflowOnDelegationPath: APPR delegates; the entry goes to the substitute FINAL, still Open, with the
    /// document Pending Approval; FINAL approves and the document is Released with the entry Approved.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApprovalWorkflowOnDelegationPath(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            var request = await SendForApprovalAsync(scenario, recordType, documentType);

            await scenario.ActOkAsync("APPR", request, "delegate");
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["FINAL:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));

            await scenario.ActOkAsync("FINAL", request, "approve");

            Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["FINAL:Approved"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }

    /// <summary>
    /// …ApprovalWorkflowOnCancellationPath: the sender cancels the approval from the document; the document is Open
    /// again and the entry Canceled.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApprovalWorkflowOnCancellationPath(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            await SendForApprovalAsync(scenario, recordType, documentType);

            await scenario.CancelDocumentApprovalAsync("REQ", recordType, "D-1");

            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Canceled"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }

    /// <summary>
    /// …ApprovalWorkflowApprovePathAddComments: the request starts without comments; the approver adds one and
    /// approves; the document is Released, the entry Approved and the comment still on the request.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApprovalWorkflowApprovePathAddComments(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            var request = await SendForApprovalAsync(scenario, recordType, documentType);
            Assert.Empty((await scenario.RequestAsync(request)).GetProperty("comments").EnumerateArray());

            var comment = await scenario.As("APPR").PostAsJsonAsync($"/api/v1/approval-requests/{request}/comments", new { text = "Looks right" });
            Assert.True(comment.IsSuccessStatusCode, await comment.Content.ReadAsStringAsync());
            await scenario.ActOkAsync("APPR", request, "approve");

            Assert.Equal("Released", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Approved"], await scenario.RecordEntriesAsync(recordType, "D-1"));
            var comments = (await scenario.RequestAsync(request)).GetProperty("comments").EnumerateArray()
                .Select(c => $"{c.GetProperty("userId").GetString()}:{c.GetProperty("text").GetString()}");
            Assert.Equal(["APPR:Looks right"], comments);
        }
    }

    private static Task<HttpResponseMessage> SetStatusAsync(ApprovalScenario scenario, string user, string recordType, string documentType, string status) =>
        new WorkflowApi(scenario.As(user)).RaiseAsync("RECORD_CHANGED", recordType, "D-1",
            new Dictionary<string, string> { ["Document Type"] = documentType, ["Status"] = status });

    /// <summary>
    /// CannotRelease{Doc}, CannotRelease{Doc}ApprovalIsPending and CannotReopen{Doc}ApprovalIsPending, one run per
    /// document type: with the approval workflow enabled, an Open document cannot be released ("This document can only
    /// be released when the approval process is complete."); once sent, it can be neither released ("You cannot use …
    /// for this action.") nor reopened ("The approval process must be cancelled or completed to reopen this
    /// document."), and stays Pending Approval with its Open entry.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task CannotReleaseOrReopenDocument(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            await EnableSalespersonPurchaserChainAsync(scenario, recordType, documentType);
            Assert.True((await SetStatusAsync(scenario, "REQ", recordType, documentType, "Open")).IsSuccessStatusCode);

            // CannotRelease{Doc}
            Assert.StartsWith("This document can only be released when the approval process is complete.",
                (await RefusalAsync(await SetStatusAsync(scenario, "REQ", recordType, documentType, "Released"), HttpStatusCode.Conflict)).Replace(":", "."));
            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));

            await scenario.SendDocumentOkAsync("REQ", recordType, documentType, "D-1", 1200m, approverCode: "APPR");

            // CannotRelease{Doc}ApprovalIsPending
            Assert.StartsWith($"You cannot use {recordType} D-1 for this action",
                await RefusalAsync(await SetStatusAsync(scenario, "REQ", recordType, documentType, "Released"), HttpStatusCode.Conflict));
            // CannotReopen{Doc}ApprovalIsPending
            Assert.StartsWith("The approval process must be cancelled or completed to reopen this document",
                await RefusalAsync(await SetStatusAsync(scenario, "REQ", recordType, documentType, "Open"), HttpStatusCode.Conflict));

            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }

    /// <summary>
    /// …ApprovalWorkflowTestUserCanCancel: the approval of a document is the sender's or an approval administrator's
    /// to cancel. The approver APPR, neither, is refused and nothing changes; made an approval administrator, APPR
    /// cancels, and the document is Open with its entry Canceled. (The sender's own cancel is the cancellation path.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Conformance.ProvidersAndDocumentTypes), MemberType = typeof(Conformance))]
    public async Task ApprovalWorkflowTestUserCanCancel(string provider, string documentType)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await SetupUsersForApprovalsAsync(server);

        foreach (var recordType in new[] { Purchase, Sales })
        {
            await SendForApprovalAsync(scenario, recordType, documentType);
            await scenario.SetupAsync("APPR", approver: "FINAL", unlimited: true, unlimitedSales: true, substitute: "FINAL");

            var refused = await new WorkflowApi(scenario.As("APPR")).RaiseAsync($"{recordType}_APPROVAL_CANCELED", recordType, "D-1",
                new Dictionary<string, string> { ["Status"] = "Pending Approval" });
            Assert.Contains("Only the sender or an approval administrator may cancel", await RefusalAsync(refused, HttpStatusCode.UnprocessableEntity));
            Assert.Equal("Pending Approval", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Open"], await scenario.RecordEntriesAsync(recordType, "D-1"));

            await scenario.SetupAsync("APPR", approver: "FINAL", unlimited: true, unlimitedSales: true, substitute: "FINAL", approvalAdministrator: true);
            await scenario.CancelDocumentApprovalAsync("APPR", recordType, "D-1");

            Assert.Equal("Open", await DocumentStatusAsync(scenario, recordType, "D-1"));
            Assert.Equal(["APPR:Canceled"], await scenario.RecordEntriesAsync(recordType, "D-1"));
        }
    }
}
