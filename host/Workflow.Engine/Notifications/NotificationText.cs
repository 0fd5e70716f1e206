using System.Globalization;
using System.Text;
using Workflow.Abstractions;

namespace Workflow.Engine.Notifications;

/// <summary>
/// What a notification says, as Business Central's <c>NotificationManagement.GetActionTextFor</c> words it: by the
/// notification type and, for an approval, by the approval entry's status when the notification goes out, not when it
/// was created (an approval approved before the daily digest went out reads "has been approved").
/// </summary>
public static class NotificationText
{
    /// <summary>The subject of a digest (Business Central's "Notification overview").</summary>
    public const string DigestSubject = "Notification overview";

    /// <summary>The one-line action text, e.g. "Purchase order PO-1001 requires your approval.".</summary>
    public static string ActionLine(NotificationEntry entry, string? approvalStatus)
    {
        var document = DocumentName(entry.RecordType, entry.RecordId);
        var action = entry.EntryType switch
        {
            NotificationEntryType.NewRecord => "has been created",
            NotificationEntryType.Overdue => "has a pending approval",
            _ => approvalStatus switch
            {
                "Open" => "requires your approval",
                "Created" => "approval request has been created",
                "Approved" => "has been approved",
                "Rejected" => "approval has been rejected",
                "Canceled" => "approval request has been canceled",
                _ => "requires your attention",
            },
        };
        return $"{document} {action}.";
    }

    /// <summary>The text of one entry: its action line, what the workflow said, and who made it when.</summary>
    public static string EntryBlock(NotificationEntry entry, string? approvalStatus)
    {
        var text = new StringBuilder(ActionLine(entry, approvalStatus)).Append('\n');
        if (!string.IsNullOrWhiteSpace(entry.Message))
            text.Append(entry.Message).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Created {entry.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        if (!string.IsNullOrEmpty(entry.CreatedBy))
            text.Append(" by ").Append(entry.CreatedBy);
        return text.Append('.').ToString();
    }

    /// <summary>Subject and body of a delivery: one entry's action line, or the digest's overview of all of them.</summary>
    public static (string Subject, string Body) For(IReadOnlyList<(NotificationEntry Entry, string? ApprovalStatus)> entries)
    {
        if (entries.Count == 1)
            return (ActionLine(entries[0].Entry, entries[0].ApprovalStatus), EntryBlock(entries[0].Entry, entries[0].ApprovalStatus));
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{DigestSubject}: {entries.Count} notifications.\n");
        foreach (var (entry, status) in entries)
            body.Append('\n').Append(EntryBlock(entry, status)).Append('\n');
        return (DigestSubject, body.ToString());
    }

    /// <summary>"PURCHASE_ORDER", "PO-1001" reads "Purchase order PO-1001".</summary>
    public static string DocumentName(string recordType, string recordId)
    {
        var words = recordType.Replace('_', ' ').Trim().ToLowerInvariant();
        var name = words.Length == 0 ? "Record" : char.ToUpperInvariant(words[0]) + words[1..];
        return $"{name} {recordId}";
    }
}
