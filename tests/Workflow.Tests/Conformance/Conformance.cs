using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

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

    /// <summary>A refused send changed nothing: no approval entry, no running instance, the document not Pending Approval.</summary>
    public static async Task NothingChangedAsync(ApprovalScenario scenario, string recordType, string documentNo)
    {
        Assert.Empty(await scenario.RecordEntriesAsync(recordType, documentNo));
        Assert.Empty((await scenario.Admin.InstancesAsync($"?recordId={Uri.EscapeDataString(documentNo)}")).EnumerateArray());
        Assert.Contains(await DocumentStatusAsync(scenario, recordType, documentNo), new[] { null, "Open" });
    }
}
