using Microsoft.Extensions.Logging;
using Workflow.Engine.Errors;
using Workflow.Engine.Records;

namespace Workflow.Engine.Outbox;

/// <summary>
/// Raises the events grains stored in the <see cref="EventOutbox"/>: at once for the caller that caused them (so an API
/// call answers with their effect), and by polling for the rest (reminders, crashes, other nodes).
/// </summary>
public sealed class EventOutboxRelay(EventOutbox outbox, WorkflowEventService events, ILogger<EventOutboxRelay> logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    // Two passes of one node over the same due rows would only raise each event twice; one waits for the other.
    private readonly SemaphoreSlim pass = new(1, 1);

    /// <summary>
    /// Raises events a grain just stored, now, for the caller that caused them; returns what each did. If the polling
    /// relay raised one first, the record answers with that first effect, so the caller sees it either way. A transient
    /// failure (a silo gone, the database restarting) is thrown after the event is deferred: the caller answers 503 rather
    /// than an OK whose effect has not happened, and its retry with the same idempotency key raises the event again.
    /// </summary>
    public async Task<IReadOnlyList<EventResult>> RaiseAsync(string tenantId, IReadOnlyList<OutboxEvent> stored, CancellationToken cancellationToken)
    {
        var results = new List<EventResult>();
        foreach (var item in stored)
            if (await TryRaiseAsync(tenantId, item, rethrowTransient: true, cancellationToken) is { } result)
                results.Add(result);
        return results;
    }

    /// <summary>Raises what is due in every tenant. Runs periodically; a pass started meanwhile waits for this one.</summary>
    public async Task RaiseDueAsync(CancellationToken cancellationToken)
    {
        await pass.WaitAsync(cancellationToken);
        try
        {
            foreach (var (tenantId, stored) in await outbox.ReadDueAsync(200, cancellationToken))
                await TryRaiseAsync(tenantId, stored, rethrowTransient: false, cancellationToken);
        }
        finally
        {
            pass.Release();
        }
    }

    /// <summary>
    /// Raises a refused event again, once an administrator has fixed what refused it (a user's approval setup, say), and
    /// answers what it did. Refused again, it stays on the list with the new reason and the refusal is thrown, so the
    /// administrator reads why; a transient failure is thrown and leaves it refused, to be retried.
    /// </summary>
    public async Task<EventResult> RetryRefusedAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        var stored = await outbox.GetRefusedAsync(tenantId, eventId, cancellationToken)
                     ?? throw new NotFoundException($"There is no refused event '{eventId}'.");
        try
        {
            var result = await events.RaiseStoredAsync(tenantId, stored, cancellationToken);
            if (result.Duplicate)
                await outbox.RemoveAsync(tenantId, stored.EventId, cancellationToken);
            return result;
        }
        catch (Exception exception) when (Refusal.Is(exception))
        {
            await outbox.RefuseAsync(tenantId, stored.EventId, exception.Message, cancellationToken);
            throw;
        }
    }

    private async Task<EventResult?> TryRaiseAsync(string tenantId, OutboxEvent stored, bool rethrowTransient, CancellationToken cancellationToken)
    {
        try
        {
            var result = await events.RaiseStoredAsync(tenantId, stored, cancellationToken);
            // The record removes the event's row in the turn that handles it; one it had handled before is left to us.
            if (result.Duplicate)
                await outbox.RemoveAsync(tenantId, stored.EventId, cancellationToken);
            return result;
        }
        // A refusal (a rule, a conflict, the record's setup) is the engine's answer to the event, and the same event gets the
        // same answer every time: it ends its retries and stays visible, with the reason, instead of failing every 30 s.
        catch (Exception exception) when (Refusal.Is(exception))
        {
            logger.LogWarning("Stored event {EventCode} for {RecordType} {RecordId} was refused and will not be tried again: {Reason}",
                stored.EventCode, stored.RecordType, stored.RecordId, exception.Message);
            await outbox.RefuseAsync(tenantId, stored.EventId, exception.Message, cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Raising stored event {EventCode} for {RecordType} {RecordId} failed; it will be tried again",
                stored.EventCode, stored.RecordType, stored.RecordId);
            await outbox.DeferAsync(tenantId, stored.EventId, RetryDelay, cancellationToken);
            if (rethrowTransient && TransientFailure.Is(exception))
                throw;
            return null;
        }
    }
}
