using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Records;
using Workflow.Engine.Storage;

namespace Workflow.Engine.Posting;

/// <summary>How the background posting queue runs (Business Central's Job Queue Entry defaults: 3 attempts, a minute apart).</summary>
public sealed class PostingJobOptions
{
    /// <summary>How often a node looks for due jobs; infinite turns the node's runner off (tests run due jobs themselves).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before a failing job stays in Error until it is restarted.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait after a failed attempt.</summary>
    public TimeSpan RerunDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a job a node took is its own: a node that dies mid-job leaves it In Process, and once this has passed
    /// another node takes it again. Posting is keyed by the document, so a job run twice posts once.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The durable job queue of "Post the document in the background": one job per document (its id is the document's
/// key, so asking twice queues one), stored in the same transaction as the turn that asked for it. A node takes a due
/// job with a guarded update (only one node wins it) and a lease, and asks the record grain to post: the grain writes the
/// job's Finished status in the posting's own transaction, so a job is done exactly when its posting is. A failed
/// attempt keeps its error on the job and is tried again after the rerun delay, up to the maximum attempts.
/// </summary>
public sealed class PostingJobQueue(IStorageProvider storage, GroupCommit commits, IGrainFactory grains, PostingJobOptions options, TimeProvider clock, ILogger<PostingJobQueue> logger)
{
    private const string Ready = nameof(PostingJobStatus.Ready);

    /// <summary>The job id of a document's posting: the same document always names the same job.</summary>
    public static string JobIdFor(string tenantId, string recordType, string recordId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"post\n{tenantId}\n{RecordKey.For(recordType, recordId)}"));
        return new Guid(hash.AsSpan(0, 16)).ToString("N");
    }

    /// <summary>Adds a posting job to the writes of the turn that asks for it; a job the document already has stays as it is.</summary>
    public void Enqueue(WriteBatch batch, string tenantId, string recordType, string recordId, string? requestedBy, string? workflowCode)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        batch.Add(
            """
            INSERT INTO posting_jobs (tenant_id, job_id, record_type, record_id, requested_by, workflow_code, status, attempts, max_attempts,
                next_attempt_ms, last_error, posted_document_no, created_at_ms, modified_at_ms)
            VALUES (@TenantId, @JobId, @RecordType, @RecordId, @RequestedBy, @WorkflowCode, 'Ready', 0, @MaxAttempts, @Now, NULL, NULL, @Now, @Now)
            ON CONFLICT (tenant_id, job_id) DO NOTHING
            """,
            new
            {
                TenantId = tenantId, JobId = JobIdFor(tenantId, recordType, recordId), RecordType = recordType, RecordId = recordId,
                RequestedBy = requestedBy, WorkflowCode = workflowCode, options.MaxAttempts, Now = now,
            });
    }

    /// <summary>Queues a document's posting on its own (the API's "post in the background"); returns the job.</summary>
    public async Task<PostingJob> EnqueueAsync(string tenantId, string recordType, string recordId, string? requestedBy, CancellationToken cancellationToken)
    {
        var batch = new WriteBatch();
        Enqueue(batch, tenantId, recordType, recordId, requestedBy, null);
        await commits.CommitAsync(batch, cancellationToken);
        return (await GetAsync(tenantId, JobIdFor(tenantId, recordType, recordId), cancellationToken))!;
    }

    /// <summary>Marks a job Finished in the writes of the posting that did its work.</summary>
    internal static void Finish(WriteBatch batch, string tenantId, string jobId, string documentNo, DateTimeOffset now) =>
        batch.Add(
            """
            UPDATE posting_jobs SET status = 'Finished', last_error = NULL, posted_document_no = @DocumentNo, modified_at_ms = @Now
            WHERE tenant_id = @TenantId AND job_id = @JobId
            """, new { TenantId = tenantId, JobId = jobId, DocumentNo = documentNo, Now = now.ToUnixTimeMilliseconds() });

    /// <summary>Runs the jobs due now, one after the other; returns how many this node ran (finished or failed).</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var ran = 0;
        foreach (var due in await ReadDueAsync(100, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await TakeAsync(due, cancellationToken))
                continue; // another node took it
            ran++;
            try
            {
                await grains.GetTenantGrain<IRecordGrain>(due.TenantId, RecordKey.For(due.RecordType, due.RecordId))
                    .Post(new PostRecordCommand(due.RequestedBy, due.JobId));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Posting job {JobId} for {RecordType} {RecordId} failed (attempt {Attempt})", due.JobId, due.RecordType, due.RecordId, due.Attempts + 1);
                await FailAsync(due, TransientFailure.Is(exception) ? $"The database or a node was unavailable: {exception.Message}" : exception.Message, cancellationToken);
            }
        }
        return ran;
    }

    /// <summary>The tenant's jobs, newest first; optionally of one status or record.</summary>
    public async Task<IReadOnlyList<PostingJob>> ListAsync(string tenantId, PostingJobStatus? status, string? recordType, string? recordId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(new CommandDefinition(
            $"""
            {SelectJobs} WHERE tenant_id = @TenantId
            {(status is null ? "" : "AND status = @Status")} {(recordType is null ? "" : "AND record_type = @RecordType")} {(recordId is null ? "" : "AND record_id = @RecordId")}
            ORDER BY created_at_ms DESC, job_id LIMIT @Take OFFSET @Skip
            """, new { TenantId = tenantId, Status = status?.ToString(), RecordType = recordType, RecordId = recordId, Skip = skip, Take = take },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<PostingJob?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"{SelectJobs} WHERE tenant_id = @TenantId AND job_id = @JobId", new { TenantId = tenantId, JobId = jobId }, cancellationToken: cancellationToken)))?.ToJob();
    }

    /// <summary>Business Central's "Restart" of a job in Error: it is Ready again with its attempts counted afresh; its last error stays until it succeeds.</summary>
    public async Task<PostingJob> RestartAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var job = await GetAsync(tenantId, jobId, cancellationToken) ?? throw new NotFoundException($"Job '{jobId}' does not exist.");
        if (job.Status != PostingJobStatus.Error)
            throw new ConflictException($"Job {jobId} is {job.Status}: only a job in Error is restarted.");
        await using (var connection = await storage.OpenConnectionAsync(cancellationToken))
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE posting_jobs SET status = 'Ready', attempts = 0, next_attempt_ms = @Now, modified_at_ms = @Now
                WHERE tenant_id = @TenantId AND job_id = @JobId AND status = 'Error'
                """, new { TenantId = tenantId, JobId = jobId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return (await GetAsync(tenantId, jobId, cancellationToken))!;
    }

    private async Task<IReadOnlyList<DueJob>> ReadDueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DueJob>(new CommandDefinition(
            """
            SELECT tenant_id AS TenantId, job_id AS JobId, record_type AS RecordType, record_id AS RecordId, requested_by AS RequestedBy,
                   attempts AS Attempts, next_attempt_ms AS NextAttemptMs
            FROM posting_jobs
            WHERE status IN ('Ready', 'InProcess', 'Error') AND attempts < max_attempts AND next_attempt_ms <= @Now
            ORDER BY next_attempt_ms, created_at_ms LIMIT @Limit
            """, new { Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), Limit = limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Takes a due job for this node: counts the attempt and holds it for the lease. False when another node was first.</summary>
    private async Task<bool> TakeAsync(DueJob due, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE posting_jobs SET status = 'InProcess', attempts = attempts + 1, next_attempt_ms = @LeaseEnds, modified_at_ms = @Now
            WHERE tenant_id = @TenantId AND job_id = @JobId AND attempts = @Attempts AND next_attempt_ms = @NextAttemptMs AND status <> 'Finished'
            """,
            new { due.TenantId, due.JobId, due.Attempts, due.NextAttemptMs, LeaseEnds = (now + options.Lease).ToUnixTimeMilliseconds(), Now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    private async Task FailAsync(DueJob due, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE posting_jobs SET status = 'Error', last_error = @Error, next_attempt_ms = @Next, modified_at_ms = @Now
            WHERE tenant_id = @TenantId AND job_id = @JobId AND status = 'InProcess' AND attempts = @Attempt
            """,
            new
            {
                due.TenantId, due.JobId, Error = error.Length > 2000 ? error[..2000] : error, Attempt = due.Attempts + 1,
                Next = (now + options.RerunDelay).ToUnixTimeMilliseconds(), Now = now.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken));
    }

    private const string SelectJobs =
        """
        SELECT job_id AS JobId, record_type AS RecordType, record_id AS RecordId, requested_by AS RequestedBy, workflow_code AS WorkflowCode,
               status AS Status, attempts AS Attempts, max_attempts AS MaxAttempts, next_attempt_ms AS NextAttemptMs, last_error AS LastError,
               posted_document_no AS PostedDocumentNo, created_at_ms AS CreatedAtMs, modified_at_ms AS ModifiedAtMs
        FROM posting_jobs
        """;

    private sealed class DueJob
    {
        public string TenantId { get; set; } = "";
        public string JobId { get; set; } = "";
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string? RequestedBy { get; set; }
        public long Attempts { get; set; }
        public long NextAttemptMs { get; set; }
    }

    private sealed class JobRow
    {
        public string JobId { get; set; } = "";
        public string RecordType { get; set; } = "";
        public string RecordId { get; set; } = "";
        public string? RequestedBy { get; set; }
        public string? WorkflowCode { get; set; }
        public string Status { get; set; } = Ready;
        public long Attempts { get; set; }
        public long MaxAttempts { get; set; }
        public long NextAttemptMs { get; set; }
        public string? LastError { get; set; }
        public string? PostedDocumentNo { get; set; }
        public long CreatedAtMs { get; set; }
        public long ModifiedAtMs { get; set; }

        public PostingJob ToJob()
        {
            var status = Enum.Parse<PostingJobStatus>(Status);
            // A job with nothing left to try waits for nobody: no next attempt to show.
            var waiting = status != PostingJobStatus.Finished && Attempts < MaxAttempts;
            return new PostingJob(JobId, RecordType, RecordId, RequestedBy, WorkflowCode, status, (int)Attempts, (int)MaxAttempts,
                waiting ? DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptMs) : null, LastError, PostedDocumentNo,
                DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), DateTimeOffset.FromUnixTimeMilliseconds(ModifiedAtMs));
        }
    }
}
