using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Approvals;

/// <summary>A tenant set up for approval scenarios: users with tokens, their approval setup, and the calls they make.</summary>
public sealed class ApprovalScenario
{
    private readonly Dictionary<string, HttpClient> _users = new(StringComparer.OrdinalIgnoreCase);

    private ApprovalScenario(WorkflowServerFactory server, WorkflowApi admin)
    {
        Server = server;
        Admin = admin;
    }

    public WorkflowServerFactory Server { get; }
    public WorkflowApi Admin { get; }

    public static Task<ApprovalScenario> StartAsync(WorkflowServerFactory server, params string[] users) =>
        StartAsync(server, server.AdminClient(), users);

    /// <summary>A scenario in the tenant of <paramref name="administrator"/> (another tenant than the server's first).</summary>
    public static async Task<ApprovalScenario> StartAsync(WorkflowServerFactory server, HttpClient administrator, params string[] users)
    {
        var scenario = new ApprovalScenario(server, new WorkflowApi(administrator));
        foreach (var user in users)
            scenario._users[user] = await server.CreateUserAsync(scenario.Admin.Client, user);
        return scenario;
    }

    public HttpClient As(string user) => _users[user];

    public async Task SetupAsync(string user, string? approver = null, decimal? purchaseLimit = null, bool unlimited = false, string? substitute = null, bool approvalAdministrator = false,
        decimal? salesLimit = null, bool unlimitedSales = false)
    {
        var response = await Admin.Client.PutAsJsonAsync($"/api/v1/approval-user-setup/{user}", new
        {
            approverId = approver,
            purchaseAmountApprovalLimit = purchaseLimit ?? 0m,
            unlimitedPurchaseApproval = unlimited,
            salesAmountApprovalLimit = salesLimit ?? 0m,
            unlimitedSalesApproval = unlimitedSales,
            substituteId = substitute,
            approvalAdministrator,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task GroupAsync(string code, params (string User, int SequenceNo)[] members)
    {
        var response = await Admin.Client.PutAsJsonAsync($"/api/v1/workflow-user-groups/{code}", new
        {
            description = $"Group {code}",
            members = members.Select(m => new { userId = m.User, sequenceNo = m.SequenceNo }),
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The purchase invoice approval workflow of Business Central (MS-PIW), with the given approval options.</summary>
    public Task EnableInvoiceApprovalAsync(object approvalOptions, string code = "PI-APPROVAL") =>
        Admin.CreateAndEnableAsync(code,
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, approvalOptions),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(6, "RELEASE_DOCUMENT", 5),
            Event(7, "APPROVAL_REQUEST_REJECTED", 4, sequenceNo: 2),
            Response(8, "REOPEN_DOCUMENT", 7),
            Event(9, "APPROVAL_REQUEST_CANCELED", 4, sequenceNo: 3),
            Response(10, "REOPEN_DOCUMENT", 9),
        ]);

    /// <summary>
    /// Business Central's document approval workflow (InsertPurchaseDocumentApprovalWorkflowSteps and its sales twin):
    /// requested (Document Type, Status = Open) → Pending Approval → create and send requests; approved with none
    /// pending → release; rejected → reopen; the document's approval canceled (Status = Pending Approval) → cancel the
    /// request → reopen. <paramref name="recordType"/> is PURCHASE_DOCUMENT or SALES_DOCUMENT.
    /// </summary>
    public Task EnableDocumentApprovalAsync(string recordType, string documentType, object approvalOptions, string? code = null) =>
        Admin.CreateAndEnableAsync(code ?? $"{recordType[..5]}-{documentType.Replace(" ", "")}".ToUpperInvariant(),
        [
            Event(1, $"{recordType}_APPROVAL_REQUESTED", conditions: new Dictionary<string, string> { ["Document Type"] = documentType, ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, approvalOptions),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(6, "RELEASE_DOCUMENT", 5),
            Event(7, "APPROVAL_REQUEST_REJECTED", 4, sequenceNo: 2),
            Response(8, "REOPEN_DOCUMENT", 7),
            Event(9, $"{recordType}_APPROVAL_CANCELED", 4, new Dictionary<string, string> { ["Status"] = "Pending Approval" }, sequenceNo: 3),
            Response(10, "CANCEL_APPROVAL_REQUEST", 9),
            Response(11, "REOPEN_DOCUMENT", 10),
        ]);

    /// <summary>
    /// The sender asks for approval of a document (Status Open unless <paramref name="status"/> says otherwise), as
    /// Business Central's OnSendPurchaseDocForApproval / OnSendSalesDocForApproval; <paramref name="approverCode"/> goes
    /// into the Purchaser Code or Salesperson Code.
    /// </summary>
    public Task<HttpResponseMessage> SendDocumentAsync(string sender, string recordType, string documentType, string documentNo, decimal amount, string? approverCode = null,
        string status = "Open")
    {
        var fields = new Dictionary<string, string>
        {
            ["Document Type"] = documentType, ["Status"] = status, ["Amount"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (approverCode is not null)
            fields[recordType == "SALES_DOCUMENT" ? "Salesperson Code" : "Purchaser Code"] = approverCode;
        return new WorkflowApi(As(sender)).RaiseAsync($"{recordType}_APPROVAL_REQUESTED", recordType, documentNo, fields);
    }

    /// <summary>Sends a document for approval and expects it to start one request; returns the approval request id.</summary>
    public async Task<string> SendDocumentOkAsync(string sender, string recordType, string documentType, string documentNo, decimal amount, string? approverCode = null)
    {
        var response = await SendDocumentAsync(sender, recordType, documentType, documentNo, amount, approverCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.True(!result.GetProperty("errors").EnumerateArray().Any(), body);
        return result.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
    }

    /// <summary>The user cancels the approval of a document still Pending Approval, as OnCancelPurchaseApprovalRequest.</summary>
    public async Task CancelDocumentApprovalAsync(string sender, string recordType, string documentNo)
    {
        var response = await new WorkflowApi(As(sender)).RaiseAsync($"{recordType}_APPROVAL_CANCELED", recordType, documentNo, new Dictionary<string, string> { ["Status"] = "Pending Approval" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every approval entry of a record (approver:status), in entry order, as an approval administrator sees them.</summary>
    public async Task<string[]> RecordEntriesAsync(string recordType, string recordId) =>
        (await Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/approvals/entries?recordType={recordType}&recordId={Uri.EscapeDataString(recordId)}")).EnumerateArray()
            .Select(e => $"{e.GetProperty("approverId").GetString()}:{e.GetProperty("status").GetString()}").ToArray();

    /// <summary>The sender asks for approval of a purchase invoice; returns the approval request id.</summary>
    public async Task<string> RequestApprovalAsync(string sender, string invoice, decimal amount, string? purchaser = null)
    {
        var fields = new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (purchaser is not null)
            fields["Purchaser Code"] = purchaser;
        var result = await new WorkflowApi(As(sender)).RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice, fields);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        return result.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
    }

    /// <summary>A built-in template copied to a tenant workflow and enabled, as an administrator sets one up.</summary>
    public async Task EnableTemplateAsync(string template, string code)
    {
        var copy = await Admin.Client.PostAsJsonAsync($"/api/v1/workflows/{template}/copy", new { code });
        Assert.True(copy.IsSuccessStatusCode, await copy.Content.ReadAsStringAsync());
        var enable = await Admin.Client.PostAsync($"/api/v1/workflows/{code}/enable", null);
        Assert.True(enable.IsSuccessStatusCode, await enable.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> ActAsync(string user, string requestId, string action, object? body = null) =>
        As(user).PostAsJsonAsync($"/api/v1/approval-requests/{requestId}/{action}", body ?? new { });

    public async Task<JsonElement> ActOkAsync(string user, string requestId, string action, object? body = null)
    {
        var response = await ActAsync(user, requestId, action, body);
        Assert.True(response.IsSuccessStatusCode, $"{user} {action}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> RequestAsync(string requestId) =>
        await Admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/approval-requests/{requestId}");

    public async Task<string[]> InboxAsync(string user) =>
        (await As(user).GetFromJsonAsync<JsonElement>("/api/v1/approvals/requests-to-approve")).EnumerateArray()
            .Select(e => e.GetProperty("recordId").GetString()!).ToArray();

    public async Task<string?> StatusAsync(string invoice) => await Admin.FieldAsync("PURCHASE_DOCUMENT", invoice, "Status");

    public static string[] EntryStatuses(JsonElement request) =>
        request.GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("approverId").GetString()}:{e.GetProperty("status").GetString()}").ToArray();
}
