using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Posting;
using Workflow.Engine.Records;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Posting;

/// <summary>
/// Posting: post a document or journal batch now or in the background, read what posting wrote (posted documents,
/// G/L, vendor and customer ledger entries, posted approval entries), the background jobs, and the posting setup.
/// </summary>
public static class PostingEndpoints
{
    public sealed record PostRequest(string? RecordType, string? RecordId, bool InBackground = false);

    public sealed record PostingSetupRequest(
        string? PayablesAccount, string? ReceivablesAccount, string? PurchaseAccount, string? SalesAccount,
        string? PurchaseVatAccount, string? SalesVatAccount, string? BankAccount);

    public static void MapPostingEndpoints(this IEndpointRouteBuilder api)
    {
        var posting = api.MapGroup("").WithTags("Posting");
        posting.MapPost("/postings", Post).Accepts<PostRequest>("application/json");
        posting.MapGet("/posted-documents", ListPostedDocuments);
        posting.MapGet("/ledger-entries/{ledger}", ListLedgerEntries);
        posting.MapGet("/posted-approval-entries", ListPostedApprovalEntries);
        posting.MapGet("/posted-approval-comments", ListPostedApprovalComments);
        posting.MapGet("/posting-setup", GetSetup);
        posting.MapPut("/posting-setup", PutSetup).Accepts<PostingSetupRequest>("application/json")
            .RequireAuthorization(CallerClaims.TenantAdministratorPolicy);

        var jobs = api.MapGroup("/jobs").WithTags("Posting");
        jobs.MapGet("/", ListJobs);
        jobs.MapGet("/{jobId}", GetJob);
        jobs.MapPost("/{jobId}/restart", RestartJob).RequireAuthorization(CallerClaims.TenantAdministratorPolicy);
    }

    /// <summary>
    /// Posts a record now (200 with the posted documents), or queues its posting (202 with the job). Refusals: 422 when it
    /// cannot be posted as it is (not released, a quote, out of balance), 409 while a workflow holds it or once posted.
    /// </summary>
    private static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, PostingJobQueue jobs, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<PostRequest>(request, limits);
        var recordType = Required(body.RecordType, "recordType").ToUpperInvariant();
        var recordId = Required(body.RecordId, "recordId");
        var caller = user.Caller();
        var record = grains.GetTenantGrain<IRecordGrain>(caller.TenantId, RecordKey.For(recordType, recordId));
        if (body.InBackground)
        {
            // Queued only for a record that exists: a job for nothing would fail three times for nobody.
            if (await record.Get() is null)
                throw new NotFoundException($"{recordType} {recordId} does not exist (or is posted already).");
            var job = await jobs.EnqueueAsync(caller.TenantId, recordType, recordId, caller.UserId, request.HttpContext.RequestAborted);
            return TypedResults.Accepted($"/api/v1/jobs/{job.JobId}", job);
        }
        return TypedResults.Ok(await record.Post(new PostRecordCommand(caller.UserId)));
    }

    private static async Task<Ok<IReadOnlyList<PostedDocument>>> ListPostedDocuments(
        ClaimsPrincipal user, PostedEntries entries, HttpContext context,
        string? documentType = null, string? documentNo = null, string? recordType = null, string? recordId = null, string? partyNo = null, int skip = 0, int take = 100) =>
        TypedResults.Ok(await entries.ListDocumentsAsync(user.Caller().TenantId, Filter(documentType, documentNo, recordType, recordId, partyNo),
            Paging.Skip(skip), Paging.Take(take), context.RequestAborted));

    /// <summary>G/L entries (<c>gl</c>), vendor ledger entries (<c>vendor</c>) or customer ledger entries (<c>customer</c>).</summary>
    private static async Task<Ok<IReadOnlyList<LedgerEntry>>> ListLedgerEntries(
        string ledger, ClaimsPrincipal user, PostedEntries entries, HttpContext context,
        string? documentType = null, string? documentNo = null, string? recordType = null, string? recordId = null, string? accountNo = null, int skip = 0, int take = 100)
    {
        if (Named<Ledger>(ledger) is not { } which)
            throw new NotFoundException($"There is no ledger '{ledger}': ask for gl, vendor or customer.");
        return TypedResults.Ok(await entries.ListLedgerEntriesAsync(user.Caller().TenantId, which, Filter(documentType, documentNo, recordType, recordId, accountNo),
            Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    private static async Task<Ok<IReadOnlyList<PostedApprovalEntry>>> ListPostedApprovalEntries(
        ClaimsPrincipal user, PostedEntries entries, HttpContext context,
        string? documentType = null, string? documentNo = null, string? recordType = null, string? recordId = null, int skip = 0, int take = 100) =>
        TypedResults.Ok(await entries.ListApprovalEntriesAsync(user.Caller().TenantId, Filter(documentType, documentNo, recordType, recordId, null),
            Paging.Skip(skip), Paging.Take(take), context.RequestAborted));

    private static async Task<Ok<IReadOnlyList<PostedApprovalComment>>> ListPostedApprovalComments(
        ClaimsPrincipal user, PostedEntries entries, HttpContext context,
        string? documentType = null, string? documentNo = null, string? recordType = null, string? recordId = null, int skip = 0, int take = 100) =>
        TypedResults.Ok(await entries.ListApprovalCommentsAsync(user.Caller().TenantId, Filter(documentType, documentNo, recordType, recordId, null),
            Paging.Skip(skip), Paging.Take(take), context.RequestAborted));

    private static async Task<Ok<IReadOnlyList<PostingJob>>> ListJobs(
        ClaimsPrincipal user, PostingJobQueue jobs, HttpContext context,
        string? status = null, string? recordType = null, string? recordId = null, int skip = 0, int take = 100)
    {
        PostingJobStatus? parsed = status is null ? null
            : Named<PostingJobStatus>(status) is { } value ? value
            : throw new ValidationFailedException("status", $"must be one of: {string.Join(", ", Enum.GetNames<PostingJobStatus>())}.");
        return TypedResults.Ok(await jobs.ListAsync(user.Caller().TenantId, parsed, recordType?.ToUpperInvariant(), recordId,
            Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    private static async Task<Ok<PostingJob>> GetJob(string jobId, ClaimsPrincipal user, PostingJobQueue jobs, HttpContext context) =>
        TypedResults.Ok(await jobs.GetAsync(user.Caller().TenantId, jobId, context.RequestAborted)
            ?? throw new NotFoundException($"Job '{jobId}' does not exist."));

    private static async Task<Ok<PostingJob>> RestartJob(string jobId, ClaimsPrincipal user, PostingJobQueue jobs, HttpContext context) =>
        TypedResults.Ok(await jobs.RestartAsync(user.Caller().TenantId, jobId, context.RequestAborted));

    private static async Task<Ok<PostingSetup>> GetSetup(ClaimsPrincipal user, PostingSetupStore setups, HttpContext context) =>
        TypedResults.Ok(await setups.GetAsync(user.Caller().TenantId, context.RequestAborted));

    /// <summary>Replaces the tenant's posting setup; an account left out keeps the default.</summary>
    private static async Task<Ok<PostingSetup>> PutSetup(HttpRequest request, ClaimsPrincipal user, PostingSetupStore setups, ApiOptions limits)
    {
        var body = await JsonBody.ReadAsync<PostingSetupRequest>(request, limits);
        var defaults = PostingSetup.Defaults;
        var setup = new PostingSetup(
            Account(body.PayablesAccount, "payablesAccount") ?? defaults.PayablesAccount,
            Account(body.ReceivablesAccount, "receivablesAccount") ?? defaults.ReceivablesAccount,
            Account(body.PurchaseAccount, "purchaseAccount") ?? defaults.PurchaseAccount,
            Account(body.SalesAccount, "salesAccount") ?? defaults.SalesAccount,
            Account(body.PurchaseVatAccount, "purchaseVatAccount") ?? defaults.PurchaseVatAccount,
            Account(body.SalesVatAccount, "salesVatAccount") ?? defaults.SalesVatAccount,
            Account(body.BankAccount, "bankAccount") ?? defaults.BankAccount);
        await setups.SaveAsync(user.Caller().TenantId, setup, request.HttpContext.RequestAborted);
        return TypedResults.Ok(setup);
    }

    // A G/L account number is a Code[20] in Business Central.
    private static string? Account(string? value, string field) =>
        value is null ? null
        : string.IsNullOrWhiteSpace(value) ? throw new ValidationFailedException(field, "must not be blank; leave it out for the default.")
        : value.Trim().Length > TextLimits.Code ? throw new ValidationFailedException(field, $"must be at most {TextLimits.Code} characters (a G/L account number).")
        : value.Trim();

    // By name only: Enum.TryParse would take "1" for the second member.
    private static T? Named<T>(string text) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<T>(name) : null;

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ValidationFailedException(field, "is required.") : value;

    private static PostingFilter Filter(string? documentType, string? documentNo, string? recordType, string? recordId, string? accountNo)
    {
        if (documentType is not null && !Workflow.Engine.Posting.NumberSeries.Names.Contains(documentType, StringComparer.Ordinal))
            throw new ValidationFailedException("documentType", $"must be one of: {string.Join(", ", Workflow.Engine.Posting.NumberSeries.Names)}.");
        return new PostingFilter(documentType, documentNo, recordType?.ToUpperInvariant(), recordId, accountNo);
    }
}
