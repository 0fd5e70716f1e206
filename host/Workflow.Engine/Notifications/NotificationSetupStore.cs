using System.Globalization;
using Dapper;
using Workflow.Abstractions;
using Workflow.Engine.Errors;
using Workflow.Engine.Identity;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Engine.Notifications;

/// <summary>
/// A change to one user's setup for one notification type, as the API receives it; <see cref="NotificationSetupStore"/>
/// checks it whole and names every field that is wrong.
/// </summary>
public sealed record NotificationSetupChange(
    NotificationMethod? Method, NotificationRecurrence? Recurrence, string? Time, DailyFrequency? DailyFrequency,
    IReadOnlyList<DayOfWeek>? Weekdays, MonthlyNotificationDate? MonthlyNotificationDate, int? DateOfMonth);

/// <summary>Each user's notification setup per notification type; a type without a row gets the default.</summary>
public sealed class NotificationSetupStore(IStorageProvider storage, NotificationOptions options, IEnumerable<INotificationChannel> channels)
{
    /// <summary>
    /// The method of a user without a setup of their own: the configured one, else e-mail where an SMTP server is
    /// configured (an e-mail channel exists), else live push.
    /// </summary>
    public NotificationMethod DefaultMethod { get; } = options.DefaultMethod
        ?? (channels.Any(c => c.Method == NotificationMethod.Email) ? NotificationMethod.Email : NotificationMethod.LivePush);

    /// <summary>The user's setup for every notification type, their own rows or the default.</summary>
    public async Task<IReadOnlyList<NotificationSetup>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var normalized = IdentityRules.NormalizeUserId(userId);
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT notification_type AS NotificationType, method AS Method, recurrence AS Recurrence, time_of_day_minutes AS TimeOfDayMinutes,
                   daily_frequency AS DailyFrequency, weekdays AS Weekdays, monthly_notification_date AS MonthlyNotificationDate, date_of_month AS DateOfMonth
            FROM notification_setup WHERE tenant_id = @TenantId AND user_id = @UserId
            """, new { TenantId = tenantId, UserId = normalized }, cancellationToken: cancellationToken))).ToList();
        var timeZone = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM users WHERE tenant_id = @TenantId AND user_id = @UserId",
            new { TenantId = tenantId, UserId = normalized }, cancellationToken: cancellationToken)) ?? IdentityRules.DefaultTimeZone;
        return Enum.GetValues<NotificationEntryType>()
            .Select(type => (rows.FirstOrDefault(r => r.NotificationType == type.ToString()) is { } row
                ? row.ToSetup(normalized)
                : NotificationSetup.DefaultFor(normalized, type, DefaultMethod)) with { TimeZone = timeZone })
            .ToList();
    }

    /// <summary>The user's setup for one type.</summary>
    public async Task<NotificationSetup> GetAsync(string tenantId, string userId, NotificationEntryType type, CancellationToken cancellationToken) =>
        (await GetAsync(tenantId, userId, cancellationToken)).Single(s => s.NotificationType == type);

    /// <summary>Checks the change and stores it as the user's setup for the type; nothing is stored when a field is wrong.</summary>
    public async Task<NotificationSetup> SetAsync(string tenantId, string userId, NotificationEntryType type, NotificationSetupChange change, CancellationToken cancellationToken)
    {
        var normalized = IdentityRules.NormalizeUserId(userId);
        var setup = Check(normalized, type, change);
        if (setup.Method == NotificationMethod.Email && await EmailAddressAsync(tenantId, normalized, cancellationToken) is null)
            throw new ValidationFailedException("method",
                $"Email needs an e-mail address, and user '{normalized}' has none: set one with PATCH /api/v1/users/{normalized} (email) first.");

        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        await using var transaction = await storage.BeginWriteTransactionAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notification_setup (tenant_id, user_id, notification_type, method, recurrence, time_of_day_minutes, daily_frequency, weekdays, monthly_notification_date, date_of_month)
            VALUES (@TenantId, @UserId, @Type, @Method, @Recurrence, @Minutes, @DailyFrequency, @Weekdays, @MonthlyDate, @DateOfMonth)
            ON CONFLICT (tenant_id, user_id, notification_type) DO UPDATE SET method = excluded.method, recurrence = excluded.recurrence,
                time_of_day_minutes = excluded.time_of_day_minutes, daily_frequency = excluded.daily_frequency, weekdays = excluded.weekdays,
                monthly_notification_date = excluded.monthly_notification_date, date_of_month = excluded.date_of_month
            """,
            new
            {
                TenantId = tenantId, UserId = normalized, Type = type.ToString(), Method = setup.Method.ToString(), Recurrence = setup.Recurrence.ToString(),
                Minutes = (long)(setup.TimeOfDay.Hour * 60 + setup.TimeOfDay.Minute), DailyFrequency = setup.DailyFrequency.ToString(),
                Weekdays = (long)WeekdayMask(setup.Weekdays), MonthlyDate = setup.MonthlyNotificationDate.ToString(), DateOfMonth = (long)setup.DateOfMonth,
            }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return await GetAsync(tenantId, normalized, type, cancellationToken);
    }

    /// <summary>Removes the user's own row for the type, so the default applies again.</summary>
    public async Task<bool> ResetAsync(string tenantId, string userId, NotificationEntryType type, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notification_setup WHERE tenant_id = @TenantId AND user_id = @UserId AND notification_type = @Type",
            new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId), Type = type.ToString() }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Where the user's e-mail goes: the address on their user, else the one on their approval user setup (Business
    /// Central's User Setup E-Mail, where it sends notifications).
    /// </summary>
    public async Task<string?> EmailAddressAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await storage.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            SELECT COALESCE(u.email, s.email) FROM users u
            LEFT JOIN approval_user_setup s ON s.tenant_id = u.tenant_id AND s.user_id = u.user_id
            WHERE u.tenant_id = @TenantId AND u.user_id = @UserId
            """, new { TenantId = tenantId, UserId = IdentityRules.NormalizeUserId(userId) }, cancellationToken: cancellationToken));
    }

    private static NotificationSetup Check(string userId, NotificationEntryType type, NotificationSetupChange change)
    {
        var problems = new ProblemList();
        if (change.Method is null)
            problems.Add("method", "is required: LivePush, Email or Note.");
        var recurrence = change.Recurrence ?? NotificationRecurrence.Instantly;
        var scheduled = recurrence != NotificationRecurrence.Instantly;

        var time = TimeOnly.MinValue;
        if (change.Time is { } text)
        {
            if (!scheduled)
                problems.Add("time", "is only for a Daily, Weekly or Monthly recurrence: Instantly sends at once.");
            else if (!TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
                problems.Add("time", $"'{text}' is not a time of day (HH:mm, 00:00 to 23:59, in the user's time zone).");
        }
        else if (scheduled)
            problems.Add("time", $"is required for a {recurrence} recurrence: the time of day (HH:mm, in the user's time zone) the digest goes out.");

        if (change.DailyFrequency is not null && recurrence != NotificationRecurrence.Daily)
            problems.Add("dailyFrequency", "is only for a Daily recurrence.");

        var weekdays = change.Weekdays?.Distinct().Order().ToList() ?? [];
        if (recurrence == NotificationRecurrence.Weekly && weekdays.Count == 0)
            problems.Add("weekdays", "is required for a Weekly recurrence: at least one day (Monday ... Sunday).");
        else if (recurrence != NotificationRecurrence.Weekly && change.Weekdays is not null)
            problems.Add("weekdays", "is only for a Weekly recurrence.");

        var monthlyDate = change.MonthlyNotificationDate ?? MonthlyNotificationDate.FirstWorkday;
        if (change.MonthlyNotificationDate is not null && recurrence != NotificationRecurrence.Monthly)
            problems.Add("monthlyNotificationDate", "is only for a Monthly recurrence.");
        if (monthlyDate == MonthlyNotificationDate.Custom && recurrence == NotificationRecurrence.Monthly)
        {
            if (change.DateOfMonth is null)
                problems.Add("dateOfMonth", "is required when monthlyNotificationDate is Custom: the day, 1 to 31.");
            else if (change.DateOfMonth is < 1 or > 31)
                problems.Add("dateOfMonth", $"must be a day of the month, 1 to 31, not {change.DateOfMonth}.");
        }
        else if (change.DateOfMonth is not null)
            problems.Add("dateOfMonth", "is only for a Monthly recurrence whose monthlyNotificationDate is Custom.");
        problems.ThrowIfAny();

        return new NotificationSetup(userId, type, change.Method!.Value, recurrence, time, change.DailyFrequency ?? DailyFrequency.Weekday,
            weekdays, monthlyDate, change.DateOfMonth ?? 1, IsDefault: false);
    }

    private static int WeekdayMask(IEnumerable<DayOfWeek> days) => days.Aggregate(0, (mask, day) => mask | (1 << (int)day));

    private sealed record Row(
        string NotificationType, string Method, string Recurrence, long TimeOfDayMinutes, string DailyFrequency, long Weekdays,
        string MonthlyNotificationDate, long DateOfMonth)
    {
        public NotificationSetup ToSetup(string userId) => new(
            userId, Enum.Parse<NotificationEntryType>(NotificationType), Enum.Parse<NotificationMethod>(Method), Enum.Parse<NotificationRecurrence>(Recurrence),
            new TimeOnly((int)(TimeOfDayMinutes / 60), (int)(TimeOfDayMinutes % 60)), Enum.Parse<Workflow.Engine.Notifications.DailyFrequency>(DailyFrequency),
            Enum.GetValues<DayOfWeek>().Where(d => (Weekdays & (1L << (int)d)) != 0).ToList(),
            Enum.Parse<Workflow.Engine.Notifications.MonthlyNotificationDate>(MonthlyNotificationDate), (int)DateOfMonth, IsDefault: false);
    }
}
