using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Workflow.Engine.Storage;

/// <summary>One writer of <see cref="GroupCommit"/>: a loop on its own connection, one transaction per group.</summary>
internal sealed class GroupCommitWriter(
    IStorageProvider storage, ChannelReader<PendingBatch> queue, int maxBatchesPerCommit, ILogger logger, Action<int, TimeSpan, TimeSpan> committed)
{
    private DbConnection? _connection;
    private PreparedStatements? _statements;

    public async Task RunAsync()
    {
        var group = new List<PendingBatch>();
        while (await queue.WaitToReadAsync())
        {
            while (group.Count < maxBatchesPerCommit && queue.TryRead(out var pending))
                group.Add(pending);
            try
            {
                await CommitGroupAsync(group);
            }
            catch (Exception exception)
            {
                // Never leave a caller waiting, whatever went wrong.
                Fail(group, exception);
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
            var begun = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                if (_connection is null)
                {
                    _connection = await storage.OpenConnectionAsync();
                    _statements = new PreparedStatements(_connection);
                }
                transaction = await storage.BeginWriteTransactionAsync(_connection);
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
                        await pending.Batch.ExecuteAsync(_statements!, transaction);
                    }
                    catch (Exception exception)
                    {
                        (failed, failure) = (pending, exception);
                        break;
                    }
                }

                if (failed is null)
                    (failed, failure) = await NumberInCommitOrderAsync(remaining, transaction);

                if (failed is null)
                {
                    var committing = System.Diagnostics.Stopwatch.GetTimestamp();
                    try
                    {
                        await transaction.CommitAsync();
                    }
                    catch (Exception exception)
                    {
                        // The outcome is unknown here; callers retry with their idempotency keys and version guards.
                        logger.LogError(exception, "Commit of {Count} write batches failed", remaining.Count);
                        await DropConnectionAsync();
                        Fail(remaining, exception);
                        return;
                    }
                    committed(remaining.Count, System.Diagnostics.Stopwatch.GetElapsedTime(begun), System.Diagnostics.Stopwatch.GetElapsedTime(committing));
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
                    logger.LogWarning(exception, "Rollback after a failed write batch failed; reconnecting");
                    await DropConnectionAsync();
                }
                failed.Done.TrySetException(failure!);
                remaining = remaining.Where(p => p != failed).ToList();
            }
        }
    }

    /// <summary>
    /// The batches' commit-ordered writes, last: keys in one order for every writer, so two writers never wait for each
    /// other's locks in a cycle, and each lock is held only from here to the commit. Returns the batch whose write failed.
    /// </summary>
    private async Task<(PendingBatch?, Exception?)> NumberInCommitOrderAsync(List<PendingBatch> batches, DbTransaction transaction)
    {
        if (batches.All(p => p.Batch.InCommitOrder.Count == 0))
            return (null, null);
        // OrderBy is stable: a key's writes keep the order of their batches.
        var writes = batches.SelectMany(p => p.Batch.InCommitOrder.Select(write => (Pending: p, Write: write)))
            .OrderBy(w => w.Write.OrderKey, StringComparer.Ordinal);
        string? locked = null;
        foreach (var (pending, write) in writes)
        {
            try
            {
                if (storage.CommitOrderLockSql is { } lockSql && !string.Equals(locked, write.OrderKey, StringComparison.Ordinal))
                {
                    await _statements!.ExecuteAsync(transaction, lockSql, new WriteBatch.ParameterSet(["LockKey"], [write.OrderKey]));
                    locked = write.OrderKey;
                }
                await write.ExecuteAsync(_statements!, transaction);
            }
            catch (Exception exception)
            {
                return (pending, exception);
            }
        }
        return (null, null);
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
            if (_statements is not null)
                await _statements.DisposeAsync();
            await _connection.DisposeAsync();
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Closing the writer connection failed");
        }
        (_connection, _statements) = (null, null);
    }
}
