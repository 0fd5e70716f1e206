using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Workflow.Benchmarks.Infrastructure;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 5: the time from the approve call to the requester's SignalR client receiving the change (the invoice's
/// RecordStatusChanged to Released), with many connected clients, each a requester of its own, spread over the nodes
/// (WebSockets on Kestrel, loopback). Trips are offered at a steady rate; with two nodes each trip is submitted through
/// one and approved through the other, and the requester's client sits on either, so pushes cross silos.
/// </summary>
public sealed class LivePush : IAsyncDisposable
{
    // A push that never arrives counts as lost, not as a latency.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpRoundTrip _servers;
    private readonly List<HubConnection> _clients = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    private LivePush(HttpRoundTrip servers) => _servers = servers;

    public int Clients => _clients.Count;

    public static async Task<LivePush> StartAsync(string connectionString, int nodes, int clients)
    {
        var servers = await HttpRoundTrip.StartAsync(connectionString, nodes);
        var workload = new LivePush(servers);
        await servers.AddRequestersAsync(clients);
        var addresses = servers.Addresses;
        var tokens = servers.RequesterTokens;
        for (var i = 0; i < clients; i++)
        {
            var token = tokens[i];
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(addresses[i % addresses.Count], "/hubs/notifications"), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            connection.On<JsonElement>("Feed", workload.Received);
            workload._clients.Add(connection);
        }
        await Parallel.ForEachAsync(workload._clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, ct) => await c.StartAsync(ct));
        return workload;
    }

    private void Received(JsonElement message)
    {
        var at = Stopwatch.GetTimestamp();
        if (message.GetProperty("type").GetString() == "RecordStatusChanged" && message.GetProperty("status").GetString() == "Released"
            && _waiting.TryRemove(message.GetProperty("recordId").GetString()!, out var waiting))
            waiting.TrySetResult(at);
    }

    /// <summary>
    /// One trip for the requester of client <paramref name="n"/> mod the client count; returns the push latency in ms (null
    /// if it never came) and how long the approve call itself took, which the push latency includes.
    /// </summary>
    public async Task<(double? Push, double Approve)> RunOnceAsync(string label, long n)
    {
        var requester = (int)(n % _clients.Count);
        var invoice = $"PI-{_runId}-{label}-{n}";
        var nodes = _servers.Addresses.Count;
        var requestId = await _servers.SubmitAsync(requester, invoice, (int)(n % nodes));
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[invoice] = arrived;
        var approving = Stopwatch.GetTimestamp();
        await _servers.ApproveAsync(requestId, (int)((n + 1) % nodes));
        var approve = Stopwatch.GetElapsedTime(approving).TotalMilliseconds;
        try
        {
            var at = await arrived.Task.WaitAsync(Patience);
            return (Stopwatch.GetElapsedTime(approving, at).TotalMilliseconds, approve);
        }
        catch (TimeoutException)
        {
            _waiting.TryRemove(invoice, out _);
            return (null, approve);
        }
    }

    /// <summary>Trips offered at <paramref name="perSecond"/> for <paramref name="duration"/>: push latencies and pushes lost.</summary>
    public async Task<(LoadResult Push, LoadResult Approve, long Lost)> MeasureAtRateAsync(double perSecond, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var approvals = new ConcurrentBag<double>();
        long lost = 0;
        var offered = await LoadRunner.RunAtRateAsync(perSecond, duration, async n =>
        {
            var (push, approve) = await RunOnceAsync("rate", n);
            approvals.Add(approve);
            if (push is { } ms)
                latencies.Add(ms);
            else
                Interlocked.Increment(ref lost);
        });
        return (new LoadResult(1, latencies.Count, offered.Seconds, [.. latencies.Order()]),
            new LoadResult(1, approvals.Count, offered.Seconds, [.. approvals.Order()]), lost);
    }

    /// <summary>The best closed-loop trip rate over <paramref name="concurrency"/> workers, each trip waiting for its push too.</summary>
    public async Task<double> BestRateAsync(IEnumerable<int> concurrency, TimeSpan duration)
    {
        var best = 0.0;
        foreach (var workers in concurrency)
        {
            var load = await LoadRunner.RunAsync(workers, duration, async (w, n) => await RunOnceAsync($"c{workers}-{w}", n * workers + w));
            best = Math.Max(best, load.PerSecond);
        }
        return best;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
        await _servers.DisposeAsync();
    }
}
