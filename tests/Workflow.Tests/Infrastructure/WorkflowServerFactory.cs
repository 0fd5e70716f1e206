using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflow.Tests.Infrastructure;

/// <summary>The real server, in-process, on a test database and the built-in plugins of the test output.</summary>
public sealed class WorkflowServerFactory(
    TestDatabase database, string? pluginsDirectory = null, TimeProvider? clock = null, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    public const string AdminToken = "wf_test-admin-token-0123456789abcdefghijkl";

    public static string BuiltInPluginsDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>
    /// Runs the Orleans Dashboard in this server's silo, as a server does by default. Off otherwise: it is most of a
    /// silo's start-up CPU, which the suite's hundreds of servers would pay for a page only its own tests open.
    /// </summary>
    public bool OrleansDashboard { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:ConnectionString", database.ConnectionString);
        builder.UseSetting("Plugins:Directory", pluginsDirectory ?? BuiltInPluginsDirectory);
        builder.UseSetting("Bootstrap:AdminToken", AdminToken);
        builder.UseSetting("Api:MaxRequestBodyBytes", "65536");
        builder.UseSetting("Orleans:SiloPort", "0");
        builder.UseSetting("Orleans:GatewayPort", "0");
        builder.UseSetting("Operators:OrleansDashboard", OrleansDashboard ? "true" : "false");
        // Background posting jobs run when a test says so (RunDueWorkAsync), not on the node's own poll.
        builder.UseSetting("Jobs:PollInterval", "-00:00:00.001");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            TestSilo.ConfigureReminders(services);
            if (clock is not null)
                services.AddSingleton(clock);
            configureServices?.Invoke(services);
        });
    }

    /// <summary>Delivers due reminders, raises the events they stored and runs the due posting jobs, as the background loops would.</summary>
    public async Task RunDueWorkAsync()
    {
        await TestSilo.WaitForDueRemindersAsync(Services);
        await Services.GetRequiredService<Workflow.Engine.Outbox.EventOutboxRelay>().RaiseDueAsync(CancellationToken.None);
        await Services.GetRequiredService<Workflow.Engine.Posting.PostingJobQueue>().RunDueAsync(CancellationToken.None);
    }

    /// <summary>A client sending <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AdminClient() => ClientWithToken(AdminToken);

    /// <summary>Creates a tenant through the API and returns its administrator's client.</summary>
    public async Task<HttpClient> CreateTenantAsync(string tenantId, string adminUserId = "ADMIN")
    {
        var response = await AdminClient().PostAsJsonAsync("/api/v1/tenants", new
        {
            tenantId,
            name = $"Tenant {tenantId}",
            administrator = new { userId = adminUserId, displayName = "Administrator" },
        });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return ClientWithToken(created.GetProperty("administratorToken").GetString());
    }

    /// <summary>Creates a user in the caller's tenant and returns a client with a fresh token of theirs.</summary>
    public async Task<HttpClient> CreateUserAsync(HttpClient administrator, string userId, bool isAdministrator = false)
    {
        (await administrator.PostAsJsonAsync("/api/v1/users", new { userId, displayName = userId, isAdministrator })).EnsureSuccessStatusCode();
        var response = await administrator.PostAsJsonAsync($"/api/v1/users/{userId}/tokens", new { name = "test" });
        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return ClientWithToken(issued.GetProperty("token").GetString());
    }
}
