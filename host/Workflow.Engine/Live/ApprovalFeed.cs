using System.Globalization;
using Workflow.Engine.Approvals;

namespace Workflow.Engine.Live;

/// <summary>
/// What an approval request's turn tells its people live, from its entries as last stored and as they are now: the
/// approver of an entry opened (or delegated) to them gets <see cref="FeedMessageType.ApprovalEntryCreated"/>; the sender
/// and the approver hear of every other change of the entry (its status, Delegated, Overdue) as
/// <see cref="FeedMessageType.ApprovalEntryChanged"/>.
/// </summary>
public static class ApprovalFeed
{
    /// <summary>An entry as the last write stored it.</summary>
    public readonly record struct StoredEntry(ApprovalStatus Status, string ApproverId, bool Overdue);

    public static Dictionary<int, StoredEntry> Snapshot(IEnumerable<ApprovalEntry> entries) =>
        entries.ToDictionary(e => e.EntryNo, e => new StoredEntry(e.Status, e.ApproverId, e.OverdueNotifiedAt is not null));

    public static List<FeedMessage> Changes(
        string tenantId, string requestId, string recordType, string recordId, string workflowCode, decimal amount,
        IReadOnlyDictionary<int, StoredEntry> stored, IEnumerable<ApprovalEntry> entries, DateTimeOffset now)
    {
        var messages = new List<FeedMessage>();
        var document = $"{recordType} {recordId}";
        var amountText = amount.ToString(CultureInfo.InvariantCulture);
        foreach (var entry in entries)
        {
            var was = stored.TryGetValue(entry.EntryNo, out var before) ? before : (StoredEntry?)null;
            var delegated = was is { } w && !string.Equals(w.ApproverId, entry.ApproverId, StringComparison.Ordinal);
            var statusChanged = was is null || was.Value.Status != entry.Status;
            var overdue = entry.OverdueNotifiedAt is not null && was is { Overdue: false };

            FeedMessage Message(string type, string recipient, string status, string title, string text, string cause) => new(
                0, FeedMessage.IdOf(entry.LastModifiedAt, $"{requestId}:{entry.EntryNo}:{cause}:{status}:{entry.ApproverId}"), type, now, tenantId, recipient, recordType, recordId,
                requestId, entry.EntryNo, status, entry.ApproverId, entry.SenderId, requestId, workflowCode, title, text);

            void Changed(string status, string title, string text, string cause)
            {
                messages.Add(Message(FeedMessageType.ApprovalEntryChanged, entry.SenderId, status, title, text, cause));
                // The approver hears only of an entry that was theirs to act on (not one still waiting for its sequence).
                if (!string.Equals(entry.ApproverId, entry.SenderId, StringComparison.Ordinal) && was is { Status: not ApprovalStatus.Created })
                    messages.Add(Message(FeedMessageType.ApprovalEntryChanged, entry.ApproverId, status, title, text, cause));
            }

            if (delegated)
            {
                var from = was!.Value.ApproverId;
                var text = $"The approval request for {document} from {entry.SenderId} was delegated from {from} to {entry.ApproverId}.";
                messages.Add(Message(FeedMessageType.ApprovalEntryChanged, entry.SenderId, "Delegated", "Approval request delegated", text, "delegated"));
                if (!string.Equals(from, entry.SenderId, StringComparison.Ordinal))
                    messages.Add(Message(FeedMessageType.ApprovalEntryChanged, from, "Delegated", "Approval request delegated", text, "delegated"));
            }
            if (entry.Status == ApprovalStatus.Open && (delegated || statusChanged))
            {
                var due = entry.DueDate is { } d ? $" by {d:yyyy-MM-dd}" : "";
                messages.Add(Message(FeedMessageType.ApprovalEntryCreated, entry.ApproverId, "Open", "New approval request",
                    $"{entry.SenderId} asks you to approve {document} ({amountText}){due}.", "created"));
                if (!string.Equals(entry.ApproverId, entry.SenderId, StringComparison.Ordinal))
                    messages.Add(Message(FeedMessageType.ApprovalEntryChanged, entry.SenderId, "Open", "Approval request sent",
                        $"Your approval request for {document} is with {entry.ApproverId}.", "status"));
            }
            else if (statusChanged)
                Changed(entry.Status.ToString(), $"Approval request {entry.Status.ToString().ToLowerInvariant()}",
                    entry.Status switch
                    {
                        ApprovalStatus.Created => $"An approval entry for {document} was created for {entry.ApproverId}.",
                        ApprovalStatus.Approved => $"{entry.ApproverId} approved {document} ({amountText}).",
                        ApprovalStatus.Rejected => $"The approval request for {document} was rejected ({entry.ApproverId}'s entry).",
                        _ => $"The approval request for {document} was canceled ({entry.ApproverId}'s entry).",
                    }, "status");
            if (overdue)
                Changed("Overdue", "Approval request overdue",
                    $"The approval request for {document} from {entry.SenderId} was due on {entry.DueDate:yyyy-MM-dd} and is overdue ({entry.ApproverId}).",
                    $"overdue:{entry.OverdueNotifiedAt!.Value.ToUnixTimeMilliseconds()}");
        }
        return messages;
    }
}
