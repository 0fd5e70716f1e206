using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workflow.Engine.Identity;
using Workflow.Server.Operators;

namespace Workflow.Server.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the stored token hashes (on the live hub's path, the
/// <c>access_token</c> query parameter too; on the Orleans Dashboard's, its session cookie).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IdentityStore identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string token;
        if (string.IsNullOrEmpty(header))
        {
            // Browsers cannot set headers on WebSockets or server-sent events: the live hub, and only it, takes the
            // token from the query instead; the Orleans Dashboard's own page, and only it, from its session cookie.
            if (Request.Path.StartsWithSegments(Live.NotificationsHub.Path) && Request.Query["access_token"].ToString() is { Length: > 0 } queryToken)
                token = queryToken;
            else if (OperatorTools.OrleansDashboardToken(Request) is { Length: > 0 } dashboardToken)
                token = dashboardToken;
            else
                return AuthenticateResult.NoResult();
        }
        else if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");
        else
            token = header["Bearer ".Length..].Trim();

        var caller = await identity.AuthenticateAsync(token, Context.RequestAborted);
        if (caller is null)
            return AuthenticateResult.Fail("The token is unknown or revoked.");

        var principal = new ClaimsPrincipal(new ClaimsIdentity(CallerClaims.From(caller), SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send an API token as 'Authorization: Bearer <token>'.", extra: null,
            headers: h => h.WWWAuthenticate = "Bearer");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your user is not allowed to do this.");
}
