using Workflow.Abstractions;

namespace Workflow.Engine.Notifications;

/// <summary>When scheduled notifications go out (Business Central's Notification Schedule, Recurrence).</summary>
public enum NotificationRecurrence
{
    /// <summary>Each notification on its own, as soon as it is created.</summary>
    Instantly,

    /// <summary>One digest a day at the time of day, on weekdays or every day (<see cref="DailyFrequency"/>).</summary>
    Daily,

    /// <summary>One digest on each chosen weekday at the time of day.</summary>
    Weekly,

    /// <summary>One digest a month, on the day <see cref="MonthlyNotificationDate"/> names, at the time of day.</summary>
    Monthly,
}

/// <summary>Which days a daily schedule sends on (Business Central's Daily Frequency).</summary>
public enum DailyFrequency
{
    /// <summary>Monday to Friday.</summary>
    Weekday,

    /// <summary>Every day, weekends included.</summary>
    Daily,
}

/// <summary>The day of the month a monthly schedule sends on (Business Central's Monthly Notification Date).</summary>
public enum MonthlyNotificationDate
{
    /// <summary>The month's first Monday-to-Friday day.</summary>
    FirstWorkday,

    /// <summary>The month's last Monday-to-Friday day.</summary>
    LastWorkday,

    /// <summary>The day of month given (the month's last day in shorter months).</summary>
    Custom,
}

/// <summary>
/// How one user gets one type of notification: Business Central's Notification Setup row with its Notification Schedule.
/// Times of day are in the user's time zone (<see cref="TimeZone"/>).
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="NotificationType">The type of notification the row is for.</param>
/// <param name="Method">How the notifications are delivered.</param>
/// <param name="Recurrence">When: at once, or batched into one digest per period.</param>
/// <param name="TimeOfDay">The time of day a scheduled digest goes out.</param>
/// <param name="DailyFrequency">For <see cref="NotificationRecurrence.Daily"/>: weekdays only or every day.</param>
/// <param name="Weekdays">For <see cref="NotificationRecurrence.Weekly"/>: the days it goes out.</param>
/// <param name="MonthlyNotificationDate">For <see cref="NotificationRecurrence.Monthly"/>: which day of the month.</param>
/// <param name="DateOfMonth">For a <see cref="MonthlyNotificationDate.Custom"/> monthly date: the day, 1 to 31.</param>
/// <param name="IsDefault">True when the user has no row of their own and this is the default.</param>
public sealed record NotificationSetup(
    string UserId, NotificationEntryType NotificationType, NotificationMethod Method, NotificationRecurrence Recurrence,
    TimeOnly TimeOfDay, DailyFrequency DailyFrequency, IReadOnlyList<DayOfWeek> Weekdays,
    MonthlyNotificationDate MonthlyNotificationDate, int DateOfMonth, bool IsDefault)
{
    /// <summary>
    /// The setup of a user who has none of their own: sent instantly (no Notification Schedule row) by the server's
    /// default method (Business Central's auto-created Notification Setup row says e-mail; see
    /// <see cref="NotificationOptions.DefaultMethod"/>).
    /// </summary>
    public static NotificationSetup DefaultFor(string userId, NotificationEntryType type, NotificationMethod method) =>
        new(userId, type, method, NotificationRecurrence.Instantly, TimeOnly.MinValue, DailyFrequency.Weekday, [],
            MonthlyNotificationDate.FirstWorkday, 1, IsDefault: true);

    /// <summary>
    /// The IANA time zone the time of day is in: the user's (<see cref="Identity.WorkflowUser.TimeZone"/>), UTC when
    /// they have set none.
    /// </summary>
    public string TimeZone { get; init; } = Identity.IdentityRules.DefaultTimeZone;

    /// <summary>
    /// When an entry created at <paramref name="createdAt"/> goes out: at once for Instantly (or when the response sends
    /// it now), else the first scheduled time after it was created. All entries of one period share that time, which is
    /// what makes them one digest. Days and times of day are the user's own, in <see cref="TimeZone"/>: a daily 08:00 in
    /// Europe/Berlin is 07:00 UTC in winter and 06:00 UTC in summer.
    /// </summary>
    public DateTimeOffset DueFor(DateTimeOffset createdAt, bool sendNow)
    {
        if (sendNow || Recurrence == NotificationRecurrence.Instantly)
            return createdAt;
        var zone = Identity.IdentityRules.FindTimeZone(TimeZone);
        var local = TimeZoneInfo.ConvertTime(createdAt, zone);
        if (Recurrence == NotificationRecurrence.Monthly)
        {
            var month = new DateOnly(local.Year, local.Month, 1);
            for (var i = 0; ; i++)
            {
                var candidate = At(MonthlyDay(month.AddMonths(i)), zone);
                if (candidate > createdAt)
                    return candidate;
            }
        }

        // Daily and weekly: the first matching day at the time of day after the entry was created; a week always has one.
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; ; i++)
        {
            var date = day.AddDays(i);
            if (SendsOn(date.DayOfWeek) && At(date, zone) is var candidate && candidate > createdAt)
                return candidate;
        }
    }

    /// <summary>
    /// The moment the user's clock shows the time of day on <paramref name="date"/>. A time the clocks skip (the spring
    /// change) moves later by the skipped hour (02:30 is 03:30 that day, as java.time resolves it); a time they show
    /// twice (the autumn change) is its first occurrence, so the digest goes out once.
    /// </summary>
    private DateTimeOffset At(DateOnly date, TimeZoneInfo zone)
    {
        var wall = date.ToDateTime(TimeOfDay, DateTimeKind.Unspecified);
        var offset = zone.IsInvalidTime(wall) ? zone.GetUtcOffset(wall.AddDays(-1))
            : zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max()
            : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    private bool SendsOn(DayOfWeek day) => Recurrence switch
    {
        NotificationRecurrence.Weekly => Weekdays.Contains(day),
        _ => DailyFrequency == DailyFrequency.Daily || IsWorkday(day),
    };

    private DateOnly MonthlyDay(DateOnly firstOfMonth)
    {
        var days = DateTime.DaysInMonth(firstOfMonth.Year, firstOfMonth.Month);
        switch (MonthlyNotificationDate)
        {
            case MonthlyNotificationDate.FirstWorkday:
                var first = firstOfMonth;
                while (!IsWorkday(first.DayOfWeek))
                    first = first.AddDays(1);
                return first;
            case MonthlyNotificationDate.LastWorkday:
                var last = firstOfMonth.AddDays(days - 1);
                while (!IsWorkday(last.DayOfWeek))
                    last = last.AddDays(-1);
                return last;
            default:
                return firstOfMonth.AddDays(Math.Min(DateOfMonth, days) - 1);
        }
    }

    private static bool IsWorkday(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
