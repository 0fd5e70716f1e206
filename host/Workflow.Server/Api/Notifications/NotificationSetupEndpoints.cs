using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Workflow.Abstractions;
using Workflow.Engine.Errors;
using Workflow.Engine.Identity;
using Workflow.Engine.Notifications;
using Workflow.Server.Authentication;

namespace Workflow.Server.Api.Notifications;

/// <summary>
/// Notification setup (Business Central's Notification Setup and Schedule): per user and notification type, how and
/// when notifications come. A user reads and changes their own; tenant administrators any user's of their tenant.
/// Also the notes the Note method leaves.
/// </summary>
public static class NotificationSetupEndpoints
{
    public sealed record SetupRequest(
        NotificationMethod? Method = null,
        NotificationRecurrence? Recurrence = null,
        string? Time = null,
        DailyFrequency? DailyFrequency = null,
        IReadOnlyList<DayOfWeek>? Weekdays = null,
        MonthlyNotificationDate? MonthlyNotificationDate = null,
        int? DateOfMonth = null);

    /// <summary>
    /// One type's setup; the schedule fields appear for the recurrence that uses them, <c>timeZone</c> (the user's, see
    /// <c>PATCH /users/{userId}</c>) with the time it is in.
    /// </summary>
    public sealed record SetupResponse(
        string UserId, NotificationEntryType NotificationType, NotificationMethod Method, NotificationRecurrence Recurrence, string? Time, string? TimeZone,
        DailyFrequency? DailyFrequency, IReadOnlyList<DayOfWeek>? Weekdays, MonthlyNotificationDate? MonthlyNotificationDate, int? DateOfMonth, bool IsDefault);

    public static void MapNotificationSetupEndpoints(this IEndpointRouteBuilder api)
    {
        var setup = api.MapGroup("/notification-setup").WithTags("Notifications");
        setup.MapGet("/", GetOwn);
        setup.MapGet("/{userId}", Get);
        setup.MapPut("/{userId}/{notificationType}", Put).Accepts<SetupRequest>("application/json");
        setup.MapDelete("/{userId}/{notificationType}", Reset);
        api.MapGet("/notifications/notes", ListNotes).WithTags("Notifications");
    }

    private static async Task<Ok<IEnumerable<SetupResponse>>> GetOwn(ClaimsPrincipal principal, NotificationSetupStore setups, HttpContext context)
    {
        var caller = principal.Caller();
        return TypedResults.Ok((await setups.GetAsync(caller.TenantId, caller.UserId, context.RequestAborted)).Select(ToResponse));
    }

    private static async Task<Ok<IEnumerable<SetupResponse>>> Get(string userId, ClaimsPrincipal principal, NotificationSetupStore setups, IdentityStore identity, HttpContext context)
    {
        var caller = await SelfOrAdministratorAsync(principal, identity, userId, context.RequestAborted);
        return TypedResults.Ok((await setups.GetAsync(caller.TenantId, userId, context.RequestAborted)).Select(ToResponse));
    }

    private static async Task<Ok<SetupResponse>> Put(
        string userId, string notificationType, HttpRequest request, ClaimsPrincipal principal, NotificationSetupStore setups, IdentityStore identity, ApiOptions limits)
    {
        var type = ParseType(notificationType);
        var caller = await SelfOrAdministratorAsync(principal, identity, userId, request.HttpContext.RequestAborted);
        var body = await JsonBody.ReadAsync<SetupRequest>(request, limits);
        var stored = await setups.SetAsync(caller.TenantId, userId, type,
            new NotificationSetupChange(body.Method, body.Recurrence, body.Time, body.DailyFrequency, body.Weekdays, body.MonthlyNotificationDate, body.DateOfMonth),
            request.HttpContext.RequestAborted);
        return TypedResults.Ok(ToResponse(stored));
    }

    private static async Task<Ok<SetupResponse>> Reset(string userId, string notificationType, ClaimsPrincipal principal, NotificationSetupStore setups, IdentityStore identity, HttpContext context)
    {
        var type = ParseType(notificationType);
        var caller = await SelfOrAdministratorAsync(principal, identity, userId, context.RequestAborted);
        await setups.ResetAsync(caller.TenantId, userId, type, context.RequestAborted);
        return TypedResults.Ok(ToResponse(await setups.GetAsync(caller.TenantId, userId, type, context.RequestAborted)));
    }

    private static async Task<Ok<IReadOnlyList<NotificationNote>>> ListNotes(ClaimsPrincipal principal, NoteChannel notes, HttpContext context, int skip = 0, int take = 100)
    {
        var caller = principal.Caller();
        return TypedResults.Ok(await notes.ListAsync(caller.TenantId, caller.UserId, Paging.Skip(skip), Paging.Take(take), context.RequestAborted));
    }

    private static NotificationEntryType ParseType(string notificationType) =>
        Enum.TryParse<NotificationEntryType>(notificationType.Replace(" ", ""), ignoreCase: true, out var type) && Enum.IsDefined(type)
            ? type
            : throw new ValidationFailedException("notificationType", $"'{notificationType}' is not a notification type; use one of: {string.Join(", ", Enum.GetNames<NotificationEntryType>())}.");

    /// <summary>A user manages their own setup; a tenant administrator everyone's in the tenant.</summary>
    private static async Task<CallerIdentity> SelfOrAdministratorAsync(ClaimsPrincipal principal, IdentityStore identity, string userId, CancellationToken cancellationToken)
    {
        var caller = principal.Caller();
        if (!caller.IsAdministrator && caller.UserId != IdentityRules.NormalizeUserId(userId))
            throw new ForbiddenException("Only administrators read or change other users' notification setup.");
        if (await identity.FindUserAsync(caller.TenantId, userId, cancellationToken) is null)
            throw new NotFoundException($"User '{userId}' does not exist.");
        return caller;
    }

    private static SetupResponse ToResponse(NotificationSetup s) => new(
        s.UserId, s.NotificationType, s.Method, s.Recurrence,
        s.Recurrence == NotificationRecurrence.Instantly ? null : s.TimeOfDay.ToString("HH:mm", global::System.Globalization.CultureInfo.InvariantCulture),
        s.Recurrence == NotificationRecurrence.Instantly ? null : s.TimeZone,
        s.Recurrence == NotificationRecurrence.Daily ? s.DailyFrequency : null,
        s.Recurrence == NotificationRecurrence.Weekly ? s.Weekdays : null,
        s.Recurrence == NotificationRecurrence.Monthly ? s.MonthlyNotificationDate : null,
        s.Recurrence == NotificationRecurrence.Monthly && s.MonthlyNotificationDate == MonthlyNotificationDate.Custom ? s.DateOfMonth : null,
        s.IsDefault);
}
