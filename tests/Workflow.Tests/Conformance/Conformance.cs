using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Conformance;

/// <summary>
/// What the conformance tests share: the theory rows (both stores × Business Central's document types) and the user
/// setup Business Central's document approval codeunits build in their SetupDocumentApprovals.
/// </summary>
public static class Conformance
{
    public const string Purchase = "PURCHASE_DOCUMENT";
    public const string Sales = "SALES_DOCUMENT";

    /// <summary>The document types Business Central runs each document approval test for, one test procedure each.</summary>
    public static readonly string[] DocumentTypes = ["Quote", "Order", "Invoice", "Credit Memo", "Blanket Order", "Return Order"];

    /// <summary>Both stores × every document type.</summary>
    public static TheoryData<string, string> ProvidersAndDocumentTypes()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var type in DocumentTypes)
                rows.Add(provider, type);
        return rows;
    }

    /// <summary>Both stores × purchase and sales.</summary>
    public static TheoryData<string, string> ProvidersAndDocuments()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var recordType in new[] { Purchase, Sales })
                rows.Add(provider, recordType);
        return rows;
    }

    public static string LimitFor(string recordType) => recordType == Sales ? "Sales" : "Purchase";

    /// <summary>
    /// The workflow Business Central's Document Approval codeunits enable (InsertPurchase/SalesDocumentApprovalWorkflowSteps
    /// with approver type Salesperson/Purchaser and limit type Approver Chain): the request goes to the user of the
    /// document's purchaser or salesperson and up their chain.
    /// </summary>
    public static Task EnableSalespersonPurchaserChainAsync(ApprovalScenario scenario, string recordType, string documentType) =>
        scenario.EnableDocumentApprovalAsync(recordType, documentType,
            new { approverType = "Salesperson/Purchaser", approverLimitType = "Approver Chain", approvalLimit = LimitFor(recordType) });

    /// <summary>
    /// SetupDocumentApprovals: the requester REQ has the approver APPR and no limits; APPR has unlimited purchase, sales
    /// and request approval when <paramref name="unlimited"/>, none otherwise, and is the approval administrator
    /// unless <paramref name="administrator"/> is false; <paramref name="substitute"/> is APPR's substitute (its user
    /// needs a setup of its own).
    /// </summary>
    public static async Task SetupDocumentApprovalsAsync(ApprovalScenario scenario, bool unlimited, bool administrator = true, string? substitute = null)
    {
        var response = await scenario.Admin.Client.PutAsJsonAsync("/api/v1/approval-user-setup/APPR", new
        {
            unlimitedPurchaseApproval = unlimited, unlimitedSalesApproval = unlimited, unlimitedRequestApproval = unlimited,
            approvalAdministrator = administrator, substituteId = substitute,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await scenario.SetupAsync("REQ", approver: "APPR");
    }

    /// <summary>The document's Status, or null when the engine never stored the record.</summary>
    public static async Task<string?> DocumentStatusAsync(ApprovalScenario scenario, string recordType, string documentNo)
    {
        var response = await scenario.Admin.Client.GetAsync($"/api/v1/records/{recordType}/{Uri.EscapeDataString(documentNo)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        return record.GetProperty("fields").TryGetProperty("Status", out var status) ? status.GetString() : null;
    }

    /// <summary>The refusal's detail (RFC 7807), after checking the response is one with <paramref name="status"/>.</summary>
    public static async Task<string> RefusalAsync(HttpResponseMessage response, HttpStatusCode status) =>
        (await Api.ProblemAssert.IsProblemAsync(response, status)).GetProperty("detail").GetString()!;

    /// <summary>Business Central's error for a record sent for approval while its request is open (PendingJournalBatchApprovalExistsErr).</summary>
    public const string ApprovalRequestAlreadyExists = "An approval request already exists.";

    /// <summary>A refused send changed nothing: no approval entry, no running instance, the document not Pending Approval.</summary>
    public static async Task NothingChangedAsync(ApprovalScenario scenario, string recordType, string documentNo)
    {
        Assert.Empty(await scenario.RecordEntriesAsync(recordType, documentNo));
        Assert.Empty((await scenario.Admin.InstancesAsync($"?recordId={Uri.EscapeDataString(documentNo)}")).EnumerateArray());
        Assert.Contains(await DocumentStatusAsync(scenario, recordType, documentNo), new[] { null, "Open" });
    }

    public const string Customer = "CUSTOMER";
    public const string Vendor = "VENDOR";
    public const string Item = "ITEM";

    /// <summary>
    /// Business Central's record approval workflow (pattern P2, InsertRecApprovalWorkflowSteps, as MS-CUSTAPW,
    /// MS-VENDAPW and MS-ITEMAPW): requested → add record restriction → create and send requests (Approver / Direct
    /// Approver unless <paramref name="approvalOptions"/> says otherwise); approved with none pending → remove the
    /// restriction; approved with more pending → send the next; rejected → reject the request, notifying the sender;
    /// canceled → cancel the request → remove the restriction → show a message; delegated → send. <paramref name="recordType"/> is CUSTOMER, VENDOR or ITEM.
    /// </summary>
    public static Task EnableRecordApprovalAsync(ApprovalScenario scenario, string recordType, object? approvalOptions = null, string? notify = null, string? code = null)
    {
        // InsertCreateNotificationEntryWorkflowStep…: a notification step for one user right after sending, which the
        // events then follow.
        var sent = notify is null ? 4 : 13;
        object[] steps =
        [
            Event(1, $"{recordType}_APPROVAL_REQUESTED"),
            Response(2, "RESTRICT_RECORD_USAGE", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, approvalOptions ?? new { approverType = "Approver", approverLimitType = "Direct Approver" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", sent, new Dictionary<string, string> { ["Pending Approvals"] = "0" }),
            Response(6, "ALLOW_RECORD_USAGE", 5),
            Event(7, "APPROVAL_REQUEST_REJECTED", sent, sequenceNo: 2),
            Response(8, "REJECT_APPROVAL_REQUEST", 7, new { notifySender = "true" }),
            Event(9, $"{recordType}_APPROVAL_CANCELED", sent, sequenceNo: 3),
            Response(10, "CANCEL_APPROVAL_REQUEST", 9),
            Response(11, "ALLOW_RECORD_USAGE", 10),
            Response(12, "SHOW_MESSAGE", 11, new { message = "The approval request for the record has been canceled." }),
            // More entries pending, or an entry delegated: send the next ones and wait for the same events again.
            Event(14, "APPROVAL_REQUEST_APPROVED", sent, new Dictionary<string, string> { ["Pending Approvals"] = ">0" }, sequenceNo: 4),
            Response(15, "SEND_APPROVAL_REQUEST", 14, next: 5),
            Event(16, "APPROVAL_REQUEST_DELEGATED", sent, sequenceNo: 5),
            Response(17, "SEND_APPROVAL_REQUEST", 16, next: 5),
        ];
        if (notify is not null)
            steps = [.. steps, Response(13, "CREATE_NOTIFICATION_ENTRY", 4, new { recipientUserId = notify })];
        return scenario.Admin.CreateAndEnableAsync(code ?? $"{recordType}-APPROVAL", steps);
    }

    /// <summary>The user sends a customer, vendor or item for approval (OnSendCustomerForApproval and its twins); returns the request id.</summary>
    public static async Task<string> SendRecordOkAsync(ApprovalScenario scenario, string sender, string recordType, string recordId, Dictionary<string, string>? fields = null)
    {
        var result = await new WorkflowApi(scenario.As(sender)).RaiseOkAsync($"{recordType}_APPROVAL_REQUESTED", recordType, recordId,
            fields ?? new Dictionary<string, string> { ["No."] = recordId });
        Assert.True(!result.GetProperty("errors").EnumerateArray().Any(), result.ToString());
        return result.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
    }

    /// <summary>The user cancels the approval request of a customer, vendor or item (OnCancelCustomerApprovalRequest and its twins).</summary>
    public static async Task CancelRecordApprovalAsync(ApprovalScenario scenario, string sender, string recordType, string recordId) =>
        await new WorkflowApi(scenario.As(sender)).RaiseOkAsync($"{recordType}_APPROVAL_CANCELED", recordType, recordId);

    /// <summary>The details of every restriction on a record (Business Central's Restricted Record rows).</summary>
    public static async Task<string[]> RestrictionsAsync(ApprovalScenario scenario, string recordType, string recordId) =>
        (await scenario.Admin.RecordAsync(recordType, recordId)).GetProperty("restrictions").EnumerateArray()
            .Select(r => r.GetProperty("details").GetString()!).ToArray();

    /// <summary>
    /// Business Central's VerifyArchivedWorkflowStepInstanceIsCompleted: the workflow's step went to the archive exactly
    /// once, with its function, as Completed (its instance has ended).
    /// </summary>
    public static async Task VerifyArchivedWorkflowStepInstanceIsCompletedAsync(WorkflowApi admin, string workflowCode, int stepId, string functionCode)
    {
        var archived = (await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/archived-step-instances?workflowCode={workflowCode}")).EnumerateArray()
            .Where(s => s.GetProperty("stepId").GetInt32() == stepId && s.GetProperty("functionCode").GetString() == functionCode).ToArray();
        var step = Assert.Single(archived);
        Assert.Equal("Completed", step.GetProperty("status").GetString());
    }

    /// <summary>Nothing of the workflow went to the archive (Business Central's VerifyArchivedWorkflowStepInstanceIsNOTCompleted).</summary>
    public static async Task VerifyNothingArchivedAsync(WorkflowApi admin, string workflowCode) =>
        Assert.Empty((await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/archived-step-instances?workflowCode={workflowCode}")).EnumerateArray());

    /// <summary>Both stores × customer, vendor and item.</summary>
    public static TheoryData<string, string> ProvidersAndMasterData()
    {
        var rows = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var recordType in new[] { Customer, Vendor, Item })
                rows.Add(provider, recordType);
        return rows;
    }
}
