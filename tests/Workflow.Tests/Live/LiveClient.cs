using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Live;

/// <summary>A dashboard's connection to the live hub of an in-process server, keeping what it is pushed.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    // A bound on a hang, not a timing assertion: pushes arrive in milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<JsonElement> _feed = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _progress = Channel.CreateUnbounded<JsonElement>();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("Feed", m => _feed.Writer.TryWrite(m));
        connection.On<JsonElement>("InstanceProgress", p => _progress.Writer.TryWrite(p));
    }

    public HubConnection Connection { get; }

    /// <summary>Every feed message received so far, in arrival order.</summary>
    public List<JsonElement> Received { get; } = [];

    /// <summary>
    /// Connects with <paramref name="token"/> as a bearer header, or (with <paramref name="inQuery"/>) as the
    /// <c>access_token</c> query parameter a browser's WebSocket uses.
    /// </summary>
    public static async Task<LiveClient> ConnectAsync(WorkflowServerFactory server, string? token, bool inQuery = false)
    {
        var url = new Uri(server.Server.BaseAddress, "/hubs/notifications" + (inQuery && token is not null ? $"?access_token={Uri.EscapeDataString(token)}" : ""));
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.HttpMessageHandlerFactory = _ => server.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (!inQuery && token is not null)
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    /// <summary>Waits for the next feed message that matches; those before it are kept in <see cref="Received"/> too.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> matches)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = await _feed.Reader.ReadAsync(patience.Token);
            Received.Add(message);
            if (matches(message))
                return message;
        }
    }

    public Task<JsonElement> NextAsync(string type, string? status = null) =>
        NextAsync(m => m.GetProperty("type").GetString() == type && (status is null || m.GetProperty("status").GetString() == status));

    /// <summary>Takes what has arrived without waiting.</summary>
    public void Drain()
    {
        while (_feed.Reader.TryRead(out var message))
            Received.Add(message);
    }

    public async Task<JsonElement> NextProgressAsync(Func<JsonElement, bool> matches)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var progress = await _progress.Reader.ReadAsync(patience.Token);
            if (matches(progress))
                return progress;
        }
    }

    public bool AnyProgress() => _progress.Reader.TryPeek(out _);

    public async Task<JsonElement[]> GetMissedAsync(long after) =>
        (await Connection.InvokeAsync<JsonElement[]>("GetMissed", after));

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
