using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workflow.Engine.Storage;

/// <summary>
/// Group commit: a writer takes every <see cref="WriteBatch"/> waiting, runs them in one transaction and commits once,
/// so many grain turns share one durable flush instead of paying one each. A caller's task completes only after the
/// commit that holds its batch, so nothing is acknowledged before it is durable. Batches are independent: when one fails
/// (a version conflict, a constraint) the transaction is rolled back and the others run again without it. Nothing waits to fill a group: at low load a batch commits at once, on its own.
/// A node runs <see cref="IStorageProvider.ConcurrentWriters"/> writers, each on its own connection: one for SQLite, which
/// lets one transaction write at a time anyway; several for PostgreSQL, where a writer spends most of its time waiting
/// for statement round trips that other connections can overlap.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly int _maxBatchesPerCommit;
    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>();
    private readonly Task[] _writers;
    private long _commits, _batches, _transactionTicks, _commitTicks;

    public GroupCommit(IStorageProvider storage, StorageOptions options, ILogger<GroupCommit>? logger = null)
    {
        _logger = logger ?? NullLogger<GroupCommit>.Instance;
        _maxBatchesPerCommit = Math.Max(1, options.MaxBatchesPerCommit);
        var writers = options.CommitWriters ?? storage.ConcurrentWriters;
        _writers = Enumerable.Range(0, Math.Max(1, writers))
            .Select(_ => Task.Run(() => new GroupCommitWriter(storage, _queue.Reader, _maxBatchesPerCommit, _logger, Committed).RunAsync()))
            .ToArray();
    }

    /// <summary>
    /// Transactions committed, the batches they held (their ratio is the mean group size), and the writers' time in them:
    /// from BEGIN to the end of COMMIT, and in COMMIT alone. Against the wall time they tell whether the writers are what
    /// limits a node (on SQLite, one writer busy all the time).
    /// </summary>
    public (long Commits, long Batches, TimeSpan InTransactions, TimeSpan InCommits) Statistics =>
        (Interlocked.Read(ref _commits), Interlocked.Read(ref _batches),
         TimeSpan.FromTicks(Interlocked.Read(ref _transactionTicks)), TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)));

    private void Committed(int batches, TimeSpan transaction, TimeSpan commit)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _batches, batches);
        Interlocked.Add(ref _transactionTicks, transaction.Ticks);
        Interlocked.Add(ref _commitTicks, commit.Ticks);
    }

    /// <summary>
    /// Commits <paramref name="batch"/>; returns once it is durable. Throws what made the batch fail, with nothing of it
    /// written. Cancellation is honoured only until the batch is queued: after that it is committed or fails as a whole.
    /// </summary>
    public Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.IsEmpty)
            return Task.CompletedTask;
        var pending = new PendingBatch(batch);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommit), "The node is shutting down; the write was not taken.");
        return pending.Done.Task;
    }

    /// <summary>Commits what was queued, then stops taking writes.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}

/// <summary>A batch waiting for its commit, and the caller waiting for it.</summary>
internal sealed class PendingBatch(WriteBatch batch)
{
    public WriteBatch Batch { get; } = batch;

    // Continuations off the writer loop: callers must not run grain code on it.
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
