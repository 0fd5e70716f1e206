using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Metrics;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Dashboard;

/// <summary>The dashboard page's files, the API reference, the Orleans Dashboard, /metrics and the cluster view.</summary>
public sealed class OperatorToolsTests
{
    private static readonly object ApproverChain = new { approverType = "Approver", approverLimitType = "Approver Chain", approvalLimit = "Purchase" };

    [Fact]
    public async Task The_dashboard_page_and_its_assets_are_served_at_the_root_without_a_token_and_the_api_reference_beside_it()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);
        var anonymous = server.ClientWithToken(null);

        var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"app\">", html);
        var script = Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        var asset = await anonymous.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString());
        // The page itself is built again with each release: browsers ask for it every time.
        Assert.True(page.Headers.CacheControl?.NoCache);

        // The API itself still wants a token.
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);

        var reference = await anonymous.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync());
        // Scalar's script is served by the server itself (no CDN on a closed network).
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/scalar/scalar.js")).StatusCode);
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/approvals/requests-to-approve", out _));
        // The operator tools' own routes are not the API.
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/dashboard") || p.Name == "/metrics");
    }

    [Fact]
    public async Task The_orleans_dashboard_is_refused_without_a_system_administrators_token_and_opens_with_the_session_cookie_only_on_its_path()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database) { OrleansDashboard = true };
        var scenario = await ApprovalScenario.StartAsync(server, "CLERK");
        var tenantAdmin = await server.CreateTenantAsync("contoso");

        await ProblemAssert.IsProblemAsync(await server.ClientWithToken(null).GetAsync("/dashboard/"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await scenario.As("CLERK").GetAsync("/dashboard/"), HttpStatusCode.Forbidden);
        // Another tenant's administrator runs their tenant, not the cluster every tenant shares.
        await ProblemAssert.IsProblemAsync(await tenantAdmin.GetAsync("/dashboard/"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await tenantAdmin.PostAsync("/api/v1/system/orleans-dashboard-session", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await server.AdminClient().GetAsync("/dashboard/")).StatusCode);

        var opened = await server.AdminClient().PostAsync("/api/v1/system/orleans-dashboard-session", null);
        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        var browser = server.ClientWithToken(null);
        browser.DefaultRequestHeaders.Add("Cookie", pair);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/")).StatusCode);
        // The cookie is the dashboard's only: the API answers to the bearer token alone.
        await ProblemAssert.IsProblemAsync(await browser.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_server_with_the_orleans_dashboard_turned_off_says_so_when_an_administrator_opens_it()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database) { OrleansDashboard = false };

        var refused = await server.AdminClient().PostAsync("/api/v1/system/orleans-dashboard-session", null);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.NotFound);
        Assert.Contains("Operators:OrleansDashboard", problem.GetProperty("detail").GetString());
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.NotFound, (await server.AdminClient().GetAsync("/dashboard/")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Metrics_name_the_engines_counters_after_an_approval_and_are_for_system_administrators_only(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(ApproverChain);

        await ProblemAssert.IsProblemAsync(await server.ClientWithToken(null).GetAsync("/metrics"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await scenario.As("REQ").GetAsync("/metrics"), HttpStatusCode.Forbidden);

        var request = await scenario.RequestApprovalAsync("REQ", "INV-7", 300m);
        await scenario.ActOkAsync("MGR", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("INV-7"));

        var metrics = await server.AdminClient().GetStringAsync("/metrics");
        Assert.Matches(@"workflow_approval_actions_total\{[^}]*action=""Approve""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"workflow_approval_round_trips_total\{[^}]*outcome=""Approved""[^}]*\} [1-9]", metrics);
        Assert.Contains("workflow_outbox_lag_seconds", metrics);
        // Orleans' own meters come along (grain calls, activations).
        Assert.Contains("orleans_", metrics);
    }

    [Fact]
    public async Task The_cluster_view_lists_the_silo_with_its_activations_and_turns_silo_reports_into_rates_per_second()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database);

        var cluster = await server.AdminClient().GetFromJsonAsync<JsonElement>("/api/v1/system/cluster");
        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.True(silo.GetProperty("activations").GetInt32() > 0);
        await ProblemAssert.IsProblemAsync(await (await server.CreateTenantAsync("contoso")).GetAsync("/api/v1/system/cluster"), HttpStatusCode.Forbidden);

        // Two reports of a silo two seconds apart: the rates are the differences per second. The silo name is made up,
        // so this silo's own reports (every second) do not interfere.
        var activity = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IClusterActivityGrain>(0);
        var at = TimeProvider.System.GetUtcNow();
        await activity.Report("S10.0.0.9:11111:1", at, new SiloActivityTotals(RoundTrips: 10, ApprovalActions: 30));
        await activity.Report("S10.0.0.9:11111:1", at.AddSeconds(2), new SiloActivityTotals(RoundTrips: 16, ApprovalActions: 40));
        var reported = (await activity.Get(TimeSpan.FromMinutes(1))).Single(s => s.Silo == "S10.0.0.9:11111:1");
        Assert.Equal(3.0, reported.RoundTripsPerSecond, 6);
        Assert.Equal(5.0, reported.ApprovalActionsPerSecond, 6);
        Assert.Equal(16, reported.Totals.RoundTrips);
    }
}
