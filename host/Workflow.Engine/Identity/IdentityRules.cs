using System.Text.RegularExpressions;
using Workflow.Engine.Errors;

namespace Workflow.Engine.Identity;

/// <summary>What tenant ids, user ids and names may look like.</summary>
public static partial class IdentityRules
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex TenantIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,49}$")]
    private static partial Regex UserIdPattern();

    public const int MaxEmailLength = 100;

    // Only the shape: one @, no spaces, a dot in the domain. Whether the mailbox exists is for the mail server to say.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$")]
    private static partial Regex EmailPattern();

    /// <summary>Why <paramref name="email"/> is not an e-mail address, or null when it is one.</summary>
    public static string? EmailProblem(string email) =>
        email.Length > MaxEmailLength ? $"must be at most {MaxEmailLength} characters."
        : !EmailPattern().IsMatch(email) ? $"'{email}' is not an e-mail address (name@domain.tld)."
        : null;

    /// <summary>The time zone of a user who has not set one.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>
    /// Why <paramref name="timeZone"/> is not an IANA time zone id this server knows, or null when it is one. Windows ids
    /// are refused, though the runtime may know them: one spelling per zone.
    /// </summary>
    public static string? TimeZoneProblem(string timeZone) =>
        timeZone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId
            ? $"'{Shorten(timeZone)}' is not an IANA time zone id (such as Europe/Berlin, America/New_York or UTC)."
            : null;

    /// <summary>The user's time zone: <paramref name="timeZone"/>, or UTC when none is set (or it is no longer known here).</summary>
    public static TimeZoneInfo FindTimeZone(string? timeZone) =>
        timeZone is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    public static string NormalizeUserId(string userId) => userId.Trim().ToUpperInvariant();

    public static void CheckTenantId(string field, string? tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
            throw new ValidationFailedException(field, "is required.");
        if (!TenantIdPattern().IsMatch(tenantId))
            throw new ValidationFailedException(field, "must be 1 to 40 lower-case letters, digits or hyphens, starting with a letter or digit.");
    }

    public static void CheckUserId(string field, string? userId)
    {
        if (string.IsNullOrWhiteSpace(userId))
            throw new ValidationFailedException(field, "is required.");
        if (!UserIdPattern().IsMatch(userId.Trim()))
            throw new ValidationFailedException(field, "must be 1 to 50 letters, digits or . _ @ -, starting with a letter or digit.");
    }

    public static void CheckName(string field, string? name, int maxLength = 100)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ValidationFailedException(field, "is required.");
        if (name.Length > maxLength)
            throw new ValidationFailedException(field, $"must be at most {maxLength} characters.");
    }
}
