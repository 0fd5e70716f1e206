using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workflow.Engine.Identity;

namespace Workflow.Server.Authentication;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the stored token hashes.</summary>
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
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");

        var caller = await identity.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
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
