using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workflow.Engine.Storage;

/// <summary>
/// Group commit: one writer per node takes every <see cref="WriteBatch"/> waiting, runs them in one transaction and
/// commits once, so many grain turns share one durable flush instead of paying one each. A caller's task completes only
/// after the commit that holds its batch, so nothing is acknowledged before it is durable. Batches are independent: one
/// that fails (a version conflict, a constraint) is rolled back alone: the transaction is rolled back and the others
/// are run again without it. Nothing waits to fill a group: at low load a batch commits at once, on its own.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    private readonly IStorageProvider _storage;
    private readonly ILogger _logger;
    private readonly int _maxBatchesPerCommit;
    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private DbConnection? _connection;
    private long _commits, _batches;

    public GroupCommit(IStorageProvider storage, StorageOptions options, ILogger<GroupCommit>? logger = null)
    {
        _storage = storage;
        _logger = logger ?? NullLogger<GroupCommit>.Instance;
        _maxBatchesPerCommit = Math.Max(1, options.MaxBatchesPerCommit);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Transactions committed, and the batches they held (their ratio is the mean group size).</summary>
    public (long Commits, long Batches) Statistics => (Interlocked.Read(ref _commits), Interlocked.Read(ref _batches));

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

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingBatch>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < _maxBatchesPerCommit && _queue.Reader.TryRead(out var pending))
                group.Add(pending);
            try
            {
                await CommitGroupAsync(group);
            }
            catch (Exception exception)
            {
                // Never leave a caller waiting, whatever went wrong.
                foreach (var pending in group)
                    pending.Done.TrySetException(exception);
            }
            group.Clear();
        }
        await DropConnectionAsync();
    }

    private async Task CommitGroupAsync(List<PendingBatch> group)
    {
        var remaining = group;
        while (remaining.Count > 0)
        {
            DbTransaction transaction;
            try
            {
                _connection ??= await _storage.OpenConnectionAsync();
                transaction = await _storage.BeginWriteTransactionAsync(_connection);
            }
            catch (Exception exception)
            {
                await DropConnectionAsync();
                Fail(remaining, exception);
                return;
            }

            await using (transaction)
            {
                PendingBatch? failed = null;
                Exception? failure = null;
                foreach (var pending in remaining)
                {
                    try
                    {
                        await pending.Batch.ExecuteAsync(_connection, transaction, CancellationToken.None);
                    }
                    catch (Exception exception)
                    {
                        (failed, failure) = (pending, exception);
                        break;
                    }
                }

                if (failed is null)
                {
                    try
                    {
                        await transaction.CommitAsync();
                    }
                    catch (Exception exception)
                    {
                        // The outcome is unknown to us; callers retry with their idempotency keys and version guards.
                        _logger.LogError(exception, "Commit of {Count} write batches failed", remaining.Count);
                        await DropConnectionAsync();
                        Fail(remaining, exception);
                        return;
                    }
                    Interlocked.Increment(ref _commits);
                    Interlocked.Add(ref _batches, remaining.Count);
                    foreach (var pending in remaining)
                        pending.Done.TrySetResult();
                    return;
                }

                try
                {
                    await transaction.RollbackAsync();
                }
                catch (Exception exception)
                {
                    _logger.LogWarning(exception, "Rollback after a failed write batch failed; reconnecting");
                    await DropConnectionAsync();
                }
                failed.Done.TrySetException(failure!);
                remaining = remaining.Where(p => p != failed).ToList();
            }
        }
    }

    private static void Fail(IEnumerable<PendingBatch> batches, Exception exception)
    {
        foreach (var pending in batches)
            pending.Done.TrySetException(exception);
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null)
            return;
        try
        {
            await _connection.DisposeAsync();
        }
        catch (Exception exception)
        {
            _logger.LogDebug(exception, "Closing the writer connection failed");
        }
        _connection = null;
    }

    /// <summary>Commits what was queued, then stops taking writes.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed class PendingBatch(WriteBatch batch)
    {
        public WriteBatch Batch { get; } = batch;

        // Continuations off the writer loop: callers must not run grain code on it.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
