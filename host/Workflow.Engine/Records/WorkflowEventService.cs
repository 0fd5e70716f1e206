using Workflow.Engine.Errors;
using Workflow.Engine.Grains;
using Workflow.Engine.Plugins;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Records;

/// <summary>
/// Raises events for records: checks the request against the catalogue (the event exists, the record type fits, the
/// fields exist and have the right types) and hands it to the record's grain.
/// </summary>
public sealed class WorkflowEventService(WorkflowCatalog catalog, IGrainFactory grains)
{
    private const string RecordDeleted = "RECORD_DELETED";

    /// <summary>An event raised through the API.</summary>
    public sealed record RaiseEventRequest(
        string? EventCode,
        string? RecordType,
        string? RecordId,
        IReadOnlyDictionary<string, string?>? Fields,
        IReadOnlyDictionary<string, string?>? PreviousFields,
        string? IdempotencyKey);

    public async Task<EventResult> RaiseAsync(string tenantId, string? userId, RaiseEventRequest request, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        var workflowEvent = string.IsNullOrWhiteSpace(request.EventCode) ? null : catalog.FindEvent(request.EventCode.Trim());
        if (string.IsNullOrWhiteSpace(request.EventCode))
            problems.Add("eventCode", "is required.");
        else if (workflowEvent is null)
            problems.Add("eventCode", $"event '{request.EventCode}' is not registered by any loaded plugin.");

        var recordTypeCode = request.RecordType?.Trim();
        if (string.IsNullOrEmpty(recordTypeCode))
            recordTypeCode = workflowEvent?.Definition.RecordType;
        if (string.IsNullOrEmpty(recordTypeCode))
            problems.Add("recordType", "is required for this event, which can concern any record type.");
        else if (RecordKey.RecordTypeProblem(recordTypeCode) is { } recordTypeProblem)
            problems.Add("recordType", recordTypeProblem);
        else if (workflowEvent?.Definition.RecordType is { } eventRecordType && !string.Equals(eventRecordType, recordTypeCode, StringComparison.OrdinalIgnoreCase))
            problems.Add("recordType", $"event {workflowEvent.Code} concerns {eventRecordType}, not {recordTypeCode}.");

        var recordId = request.RecordId?.Trim();
        if (string.IsNullOrEmpty(recordId))
            problems.Add("recordId", "is required.");
        else if (recordId.Length > 100)
            problems.Add("recordId", "must be at most 100 characters.");
        if (request.IdempotencyKey is { Length: > 200 })
            problems.Add("idempotencyKey", "must be at most 200 characters.");

        var recordType = recordTypeCode is null ? null : catalog.FindRecordType(recordTypeCode)?.Definition;
        var fields = Normalize("fields", request.Fields, recordType, problems);
        var previousFields = request.PreviousFields is null ? null : Normalize("previousFields", request.PreviousFields, recordType, problems);
        problems.ThrowIfAny();

        var canonicalType = recordType?.Code ?? recordTypeCode!.ToUpperInvariant();
        var grain = grains.GetTenantGrain<IRecordGrain>(tenantId, RecordKey.For(canonicalType, recordId!));
        return await grain.RaiseEvent(new RaiseEventCommand(
            request.IdempotencyKey ?? Guid.NewGuid().ToString("N"),
            workflowEvent!.Code,
            userId,
            fields,
            previousFields,
            ChangesRecord: string.Equals(workflowEvent.Code, RecordDeleted, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// Raises an event a grain stored in the outbox. It came from the engine, not a user: the record type may differ from
    /// the event's own (approval events concern approval entries but reach the approved document's workflows).
    /// </summary>
    public Task<EventResult> RaiseStoredAsync(string tenantId, Outbox.OutboxEvent stored, CancellationToken cancellationToken)
    {
        var recordType = catalog.FindRecordType(stored.RecordType)?.Definition;
        var canonicalType = recordType?.Code ?? stored.RecordType.ToUpperInvariant();
        var grain = grains.GetTenantGrain<IRecordGrain>(tenantId, RecordKey.For(canonicalType, stored.RecordId));
        // An engine event of the record's own type (a posted invoice posted, a payment line created) carries the record's
        // values: it makes the record, where an approval event only tells an existing document about its approval entry.
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (recordType is not null && string.Equals(catalog.FindEvent(stored.EventCode)?.Definition.RecordType, recordType.Code, StringComparison.OrdinalIgnoreCase))
            foreach (var (name, value) in stored.EventData)
                if (recordType.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { } field)
                    fields[field.Name] = value;
        return grain.RaiseEvent(new RaiseEventCommand(stored.EventId, stored.EventCode, stored.UserId,
            fields, null, ChangesRecord: false, stored.EventData, FromOutbox: true, CreatesRecord: fields.Count > 0));
    }

    /// <summary>Deletes a record of the tenant, as the record's grain decides (its approval goes with it, or it refuses).</summary>
    public Task<RecordDeleted> DeleteRecordAsync(string tenantId, string? userId, string recordType, string recordId)
    {
        var canonicalType = catalog.FindRecordType(recordType)?.Code ?? recordType.ToUpperInvariant();
        return grains.GetTenantGrain<IRecordGrain>(tenantId, RecordKey.For(canonicalType, recordId)).Delete(userId);
    }

    public async Task<RecordView> GetRecordAsync(string tenantId, string recordType, string recordId, CancellationToken cancellationToken)
    {
        var canonicalType = catalog.FindRecordType(recordType)?.Code ?? recordType.ToUpperInvariant();
        return await grains.GetTenantGrain<IRecordGrain>(tenantId, RecordKey.For(canonicalType, recordId)).Get()
            ?? throw new NotFoundException($"No event was ever raised for {recordType} {recordId}.");
    }

    /// <summary>Field names as the record type spells them, values checked against their types.</summary>
    private static Dictionary<string, string?> Normalize(string property, IReadOnlyDictionary<string, string?>? values, Abstractions.RecordTypeDefinition? recordType, ProblemList problems)
    {
        var normalized = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in values ?? new Dictionary<string, string?>())
        {
            if (recordType is null)
            {
                normalized[name] = value;
                continue;
            }
            var field = recordType.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
                problems.Add($"{property}.{name}", $"record type {recordType.Code} has no field '{name}'.");
            else if (RecordFieldRules.Problem(field, value) is { } reason)
                problems.Add($"{property}.{name}", reason);
            else
                normalized[field.Name] = value;
        }
        return normalized;
    }
}
