using Microsoft.AspNetCore.Http.HttpResults;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Dashboard;
using Scalar.AspNetCore;
using Workflow.Engine.Grains;
using Workflow.Engine.Metrics;
using Workflow.Server.Authentication;

namespace Workflow.Server.Operators;

/// <summary>
/// What operators and integrators open beside the dashboard page: the API reference (Scalar, anonymous like the OpenAPI
/// document it reads), the Orleans Dashboard and the Prometheus metrics, both for system administrators only since
/// they show the whole cluster, every tenant's grains included.
/// </summary>
public static class OperatorTools
{
    public const string OrleansDashboardPath = "/dashboard";
    public const string MetricsPath = "/metrics";
    public const string ApiReferencePath = "/scalar";

    /// <summary>
    /// The Orleans Dashboard's own page fetches its data without our header, so a signed-in administrator's page hands
    /// the server their token once and it comes back as this cookie, only on the dashboard's path.
    /// </summary>
    public const string OrleansDashboardCookie = "wf_orleans_dashboard";

    public static WebApplicationBuilder AddOperatorTools(this WebApplicationBuilder builder, OperatorToolsOptions options)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("workflow-server"))
            .WithMetrics(metrics => metrics
            .AddMeter(EngineMetrics.MeterName, GrainMetrics.Meter.Name, "Microsoft.Orleans")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Adds the Orleans Dashboard to this server's silo; every silo of a cluster needs it.</summary>
    public static void AddOrleansDashboard(this ISiloBuilder silo) =>
        silo.AddDashboard(options =>
        {
            // Traces show grain keys and arguments, which hold tenants' record ids: administrators read them anyway,
            // but they need not travel with every refresh.
            options.HideTrace = true;
            options.CounterUpdateIntervalMs = 1000;
        });

    public static void MapOperatorTools(this WebApplication app)
    {
        app.MapScalarApiReference(ApiReferencePath, options => options
                .WithTitle("Workflow API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .AddPreferredSecuritySchemes(BearerTokenDocument.SchemeName))
            .AllowAnonymous()
            .ExcludeFromDescription();

        if (app.Services.GetRequiredService<OperatorToolsOptions>().OrleansDashboard)
            app.MapOrleansDashboard(OrleansDashboardPath).RequireAuthorization(CallerClaims.SystemAdministratorPolicy).ExcludeFromDescription();

        // Prometheus sends the token with `authorization: { credentials_file: ... }` in its scrape config.
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(CallerClaims.SystemAdministratorPolicy).ExcludeFromDescription();

        var session = app.MapGroup("/api/v1/system/orleans-dashboard-session").WithTags("System");
        session.MapPost("/", OpenSession).RequireAuthorization(CallerClaims.SystemAdministratorPolicy);
        session.MapDelete("/", CloseSession);
    }

    /// <summary>Sets the cookie the Orleans Dashboard's page authenticates with: the caller's own token, HTTP-only.</summary>
    private static Results<NoContent, ProblemHttpResult> OpenSession(HttpContext context, OperatorToolsOptions options)
    {
        if (!options.OrleansDashboard)
            return TypedResults.Problem(
                $"The Orleans Dashboard is turned off on this server ({OperatorToolsOptions.Section}:{nameof(OperatorToolsOptions.OrleansDashboard)} is false).",
                statusCode: StatusCodes.Status404NotFound, title: "The Orleans Dashboard is not running");
        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        context.Response.Cookies.Append(OrleansDashboardCookie, token, DashboardCookie(context));
        return TypedResults.NoContent();
    }

    private static NoContent CloseSession(HttpContext context)
    {
        context.Response.Cookies.Delete(OrleansDashboardCookie, DashboardCookie(context));
        return TypedResults.NoContent();
    }

    private static CookieOptions DashboardCookie(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        // Strict: no other site can make the browser send it, so the dashboard's few actions cannot be forged.
        SameSite = SameSiteMode.Strict,
        Path = OrleansDashboardPath,
    };

    /// <summary>The token the Orleans Dashboard's requests carry in their cookie, only on its path.</summary>
    public static string? OrleansDashboardToken(HttpRequest request) =>
        request.Path.StartsWithSegments(OrleansDashboardPath) ? request.Cookies[OrleansDashboardCookie] : null;
}
