extern alias server;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workflow.Engine.Storage;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 1 through HTTP: the real server (Kestrel on a loopback port, in this process) and real HTTP clients with
/// bearer tokens. A round trip is the requester's <c>POST /api/v1/events/raise</c> and the approver's
/// <c>POST /api/v1/approval-requests/{id}/approve</c>; it counts only when the approve response shows the instance
/// Completed and the invoice Released. Users, approval setup and the workflow are made through the API too. With two
/// nodes (two servers in this process, each its own Orleans silo of one cluster on one PostgreSQL database, talking over
/// loopback TCP), a trip submits through one node and approves through the other, so its grain calls cross silos.
/// </summary>
public sealed class HttpRoundTrip : IAsyncDisposable
{
    private const string AdminToken = "wf_bench-admin-token-0123456789abcdefghijkl";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly List<ServerFactory> _servers;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<HttpClient> _requesters = [], _approvers = [];
    // Requesters beyond the first (workload 5: one per live client), each with a client per node.
    private readonly List<(string Token, List<HttpClient> Clients)> _moreRequesters = [];

    private HttpRoundTrip(List<ServerFactory> servers) => _servers = servers;

    /// <summary>The nodes' HTTP addresses.</summary>
    public IReadOnlyList<Uri> Addresses => _servers.Select(AddressOf).ToList();

    /// <summary>The requesters added with <see cref="AddRequestersAsync"/>: their user ids are <c>REQ-0</c>... and these their tokens.</summary>
    public IReadOnlyList<string> RequesterTokens => _moreRequesters.Select(r => r.Token).ToList();

    /// <summary>The first node's group commit, to report how turns were grouped.</summary>
    public GroupCommit Commits => _servers[0].Services.GetRequiredService<GroupCommit>();

    public static async Task<HttpRoundTrip> StartAsync(string connectionString, int nodes = 1)
    {
        var servers = new List<ServerFactory>();
        // One after the other: the first start makes the bootstrap tenant the others find.
        for (var i = 0; i < nodes; i++)
        {
            var server = new ServerFactory(connectionString);
            server.UseKestrel(0);
            server.StartServer();
            servers.Add(server);
        }
        var workload = new HttpRoundTrip(servers);
        await workload.SetUpAsync();
        return workload;
    }

    private async Task SetUpAsync()
    {
        var admin = Client(_servers[0], AdminToken);
        var requesterToken = await CreateUserAsync(admin, ApprovalRoundTrip.Requester);
        var approverToken = await CreateUserAsync(admin, ApprovalRoundTrip.Approver);
        foreach (var server in _servers)
        {
            _requesters.Add(Client(server, requesterToken));
            _approvers.Add(Client(server, approverToken));
        }
        await OkAsync(admin.PutAsJsonAsync($"/api/v1/approval-user-setup/{ApprovalRoundTrip.Approver}", new { unlimitedPurchaseApproval = true }, Json));
        await OkAsync(admin.PutAsJsonAsync($"/api/v1/approval-user-setup/{ApprovalRoundTrip.Requester}", new { approverId = ApprovalRoundTrip.Approver }, Json));
        await OkAsync(admin.PostAsJsonAsync("/api/v1/workflows", new
        {
            code = "PI-APPROVAL", description = "Purchase invoice approval", category = "PURCH", steps = ApprovalRoundTrip.InvoiceApprovalSteps(),
        }, Json));
        await OkAsync(admin.PostAsync("/api/v1/workflows/PI-APPROVAL/enable", null));
    }

    /// <summary>Adds <paramref name="count"/> requesters who send to the same approver, <paramref name="parallel"/> set up at a time.</summary>
    public async Task AddRequestersAsync(int count, int parallel = 8)
    {
        var admin = Client(_servers[0], AdminToken);
        var tokens = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            tokens[i] = await CreateUserAsync(admin, $"REQ-{i}");
            await OkAsync(admin.PutAsJsonAsync($"/api/v1/approval-user-setup/REQ-{i}", new { approverId = ApprovalRoundTrip.Approver }, Json));
        });
        foreach (var token in tokens)
            _moreRequesters.Add((token, _servers.Select(s => Client(s, token)).ToList()));
    }

    /// <summary>Requester <paramref name="requester"/> (of those added) sends a fresh invoice through <paramref name="node"/>; returns the request id.</summary>
    public async Task<string> SubmitAsync(int requester, string invoice, int node)
    {
        var raised = await OkAsync(_moreRequesters[requester].Clients[node].PostAsJsonAsync("/api/v1/events/raise", new
        {
            eventCode = "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", recordType = "PURCHASE_DOCUMENT", recordId = invoice,
            fields = new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "700" },
        }, Json));
        var started = raised.GetProperty("startedInstances");
        if (started.GetArrayLength() != 1)
            throw new InvalidOperationException($"{invoice}: the approval workflow did not start: {raised}");
        return started[0].GetProperty("instanceId").GetString()!;
    }

    /// <summary>The approver approves through <paramref name="node"/>.</summary>
    public Task ApproveAsync(string requestId, int node) =>
        OkAsync(_approvers[node].PostAsync($"/api/v1/approval-requests/{requestId}/approve", null));

    /// <summary>One round trip on a fresh invoice named after the label, worker and count.</summary>
    public async Task RunOnceAsync(string label, int worker, long n)
    {
        var invoice = $"PI-{_runId}-{label}-{worker}-{n}";
        var node = (int)((worker + n) % _servers.Count);
        var raised = await OkAsync(_requesters[node].PostAsJsonAsync("/api/v1/events/raise", new
        {
            eventCode = "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", recordType = "PURCHASE_DOCUMENT", recordId = invoice,
            fields = new Dictionary<string, string> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = (500 + n % 1000).ToString(CultureInfo.InvariantCulture) },
        }, Json));
        var started = raised.GetProperty("startedInstances");
        if (started.GetArrayLength() != 1)
            throw new InvalidOperationException($"{invoice}: the approval workflow did not start: {raised}");
        var requestId = started[0].GetProperty("instanceId").GetString();

        var approved = await OkAsync(_approvers[(node + 1) % _servers.Count].PostAsync($"/api/v1/approval-requests/{requestId}/approve", null));
        var workflow = approved.GetProperty("workflow").EnumerateArray().ToList();
        var completed = workflow.SelectMany(w => w.GetProperty("continuedInstances").EnumerateArray())
            .Any(i => i.GetProperty("instanceId").GetString() == requestId && i.GetProperty("status").GetString() == "Completed");
        var status = workflow.LastOrDefault() is { ValueKind: JsonValueKind.Object } last
            ? last.GetProperty("record").GetProperty("fields").GetProperty("Status").GetString() : null;
        if (!completed || status != "Released")
            throw new InvalidOperationException($"{invoice}: after approval the instance completed={completed} and the status is '{status}', not Released.");
    }

    private async Task<string> CreateUserAsync(HttpClient admin, string userId)
    {
        await OkAsync(admin.PostAsJsonAsync("/api/v1/users", new { userId, displayName = userId, isAdministrator = false }, Json));
        var issued = await OkAsync(admin.PostAsJsonAsync($"/api/v1/users/{userId}/tokens", new { name = "bench" }, Json));
        return issued.GetProperty("token").GetString()!;
    }

    private static HttpClient Client(ServerFactory server, string token)
    {
        // One pooled handler per user, unlimited connections: concurrency is set by the load runner, not the client.
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = AddressOf(server) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Uri AddressOf(ServerFactory server) =>
        new(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));

    private static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _requesters.Concat(_approvers).Concat(_moreRequesters.SelectMany(r => r.Clients)))
            client.Dispose();
        foreach (var server in Enumerable.Reverse(_servers))
            await server.DisposeAsync();
    }

    private sealed class ServerFactory(string connectionString) : WebApplicationFactory<server::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // The server needs no files of its own; the factory would otherwise look for its project folder.
            builder.UseContentRoot(AppContext.BaseDirectory);
            builder.UseSetting("Storage:ConnectionString", connectionString);
            builder.UseSetting("Plugins:Directory", Path.Combine(AppContext.BaseDirectory, "plugins"));
            builder.UseSetting("Bootstrap:AdminToken", AdminToken);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            // Free ports: two nodes of one cluster may run in this process.
            builder.UseSetting("Orleans:SiloPort", "0");
            builder.UseSetting("Orleans:GatewayPort", "0");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning));
        }
    }
}
