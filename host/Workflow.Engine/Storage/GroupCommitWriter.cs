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
        var together = true;
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
                PendingBatch? failed;
                Exception? failure;
                if (together && _statements!.CanBatch)
                {
                    try
                    {
                        (failed, failure) = await ExecuteTogetherAsync(remaining, transaction);
                    }
                    catch (Exception)
                    {
                        // A statement failed, and a batch does not say which turn's it was: run the group again a
                        // statement at a time, which finds the turn to fail and commits the others.
                        together = false;
                        if (!await TryRollbackAsync(transaction))
                            await DropConnectionAsync();
                        continue;
                    }
                }
                else
                {
                    (failed, failure) = await ExecuteEachAsync(remaining, transaction);
                    if (failed is null)
                        (failed, failure) = await NumberInCommitOrderAsync(remaining, transaction);
                }

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

                if (!await TryRollbackAsync(transaction))
                    await DropConnectionAsync();
                failed!.Done.TrySetException(failure!);
                remaining = remaining.Where(p => p != failed).ToList();
            }
        }
    }

    private async Task<bool> TryRollbackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync();
            return true;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Rollback after a failed write batch failed; reconnecting");
            return false;
        }
    }

    /// <summary>Runs the batches' statements one by one; returns the batch that failed, and why.</summary>
    private async Task<(PendingBatch?, Exception?)> ExecuteEachAsync(List<PendingBatch> batches, DbTransaction transaction)
    {
        foreach (var pending in batches)
        {
            try
            {
                await pending.Batch.ExecuteAsync(_statements!, transaction);
            }
            catch (Exception exception)
            {
                return (pending, exception);
            }
        }
        return (null, null);
    }

    /// <summary>
    /// Sends the group in one round trip (a group of 30 turns is hundreds of statements, each a round trip of its own
    /// otherwise): every batch's statements, then the commit-ordered writes behind their locks, in the order
    /// <see cref="NumberInCommitOrderAsync"/> runs them. Then checks each batch's rows affected and hands each
    /// commit-ordered write what it returned. Returns the first batch whose check refused; throws when a statement failed.
    /// </summary>
    private async Task<(PendingBatch?, Exception?)> ExecuteTogetherAsync(List<PendingBatch> batches, DbTransaction transaction)
    {
        await using var batch = _statements!.CreateBatch(transaction);
        foreach (var pending in batches)
            foreach (var command in pending.Batch.Commands)
                foreach (var values in command.ParameterSets)
                    _statements.Add(batch, command.Sql, values);

        // Each of these returns a result set (a lock's row, or what an insert returned, perhaps no row), the batches'
        // writes none: so the result sets are theirs, in order.
        var ordered = new List<(ICommitOrderedWrite? Write, int Statements)>();
        string? locked = null;
        foreach (var (_, write) in InCommitOrder(batches))
        {
            if (storage.CommitOrderLockSql is { } lockSql && !string.Equals(locked, write.OrderKey, StringComparison.Ordinal))
            {
                _statements.Add(batch, lockSql, new WriteBatch.ParameterSet(["LockKey"], [write.OrderKey]));
                ordered.Add((null, 1));
                locked = write.OrderKey;
            }
            var statements = write.Statements;
            foreach (var (sql, values) in statements)
                _statements.Add(batch, sql, values);
            ordered.Add((write, statements.Count));
        }
        if (batch.BatchCommands.Count == 0)
            return (null, null);

        var results = new List<object?>();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            do
                results.Add(await reader.ReadAsync() && reader.FieldCount > 0 && !await reader.IsDBNullAsync(0) ? reader.GetValue(0) : null);
            while (await reader.NextResultAsync());
        }
        var expected = ordered.Sum(o => o.Statements);
        // No result set at all still reads as one empty one above.
        if (expected == 0 ? results.Count != 1 || results[0] is not null : results.Count != expected)
            throw new InvalidOperationException(
                $"A group's statements returned {results.Count} result sets where {expected} were expected: a batch's write returns rows.");

        var next = 0;
        foreach (var pending in batches)
            foreach (var command in pending.Batch.Commands)
            {
                var rows = 0;
                foreach (var _ in command.ParameterSets)
                    rows += batch.BatchCommands[next++].RecordsAffected;
                if (command.CheckRowsAffected?.Invoke(rows) is { } refusal)
                    return (pending, refusal);
            }
        var result = 0;
        foreach (var (write, count) in ordered)
        {
            var returned = results.GetRange(result, count);
            result += count;
            write?.Stored(returned);
        }
        return (null, null);
    }

    // OrderBy is stable: a key's writes keep the order of their batches.
    private static List<(PendingBatch Pending, ICommitOrderedWrite Write)> InCommitOrder(List<PendingBatch> batches) =>
        batches.SelectMany(p => p.Batch.InCommitOrder.Select(write => (Pending: p, Write: write)))
            .OrderBy(w => w.Write.OrderKey, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The batches' commit-ordered writes, last: keys in one order for every writer, so two writers never wait for each
    /// other's locks in a cycle, and each lock is held only from here to the commit. Returns the batch whose write failed.
    /// </summary>
    private async Task<(PendingBatch?, Exception?)> NumberInCommitOrderAsync(List<PendingBatch> batches, DbTransaction transaction)
    {
        string? locked = null;
        foreach (var (pending, write) in InCommitOrder(batches))
        {
            try
            {
                if (storage.CommitOrderLockSql is { } lockSql && !string.Equals(locked, write.OrderKey, StringComparison.Ordinal))
                {
                    await _statements!.ExecuteAsync(transaction, lockSql, new WriteBatch.ParameterSet(["LockKey"], [write.OrderKey]));
                    locked = write.OrderKey;
                }
                var returned = new List<object?>();
                foreach (var (sql, values) in write.Statements)
                    returned.Add(await _statements!.ScalarAsync(transaction, sql, values));
                write.Stored(returned);
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
