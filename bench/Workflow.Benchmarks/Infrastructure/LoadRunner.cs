using System.Diagnostics;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>Throughput and latency of an operation run by N concurrent workers for a fixed time.</summary>
public sealed record LoadResult(int Concurrency, long Operations, double Seconds, double[] LatenciesMs)
{
    public double PerSecond => Operations / Seconds;
    public double P50 => Percentile(0.50);
    public double P95 => Percentile(0.95);
    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
            return double.NaN;
        // Nearest rank on the sorted latencies.
        var rank = (int)Math.Ceiling(p * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(rank, 0, LatenciesMs.Length - 1)];
    }
}

public static class LoadRunner
{
    /// <summary>
    /// Runs <paramref name="operation"/> (given the worker index and the worker's running count) on
    /// <paramref name="concurrency"/> workers until <paramref name="duration"/> has passed; every call is timed.
    /// Workers are plain async loops: an operation's latency is what one client waits for its own call.
    /// </summary>
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation)
    {
        var perWorker = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        var deadline = duration.TotalSeconds;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var latencies = perWorker[w] = new List<double>(4096);
            for (long n = 0; clock.Elapsed.TotalSeconds < deadline; n++)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(w, n);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds; // includes the tail of calls started before the deadline
        var all = perWorker.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(concurrency, all.Length, elapsed, all);
    }

    /// <summary>
    /// Open loop: starts <paramref name="operation"/> at a steady <paramref name="perSecond"/> for
    /// <paramref name="duration"/>, whether or not earlier calls have finished, as independent clients would. Each latency
    /// runs from the call's scheduled start, so a stalled system shows in the figures instead of slowing the arrivals.
    /// </summary>
    public static async Task<LoadResult> RunAtRateAsync(double perSecond, TimeSpan duration, Func<long, Task> operation)
    {
        var calls = new List<Task<double>>();
        var clock = Stopwatch.StartNew();
        // At least one call: a short smoke run on a slow, shared machine still measures something.
        var total = Math.Max(1, (long)(perSecond * duration.TotalSeconds));
        for (long n = 0; n < total; n++)
        {
            var scheduled = n / perSecond;
            var wait = scheduled - clock.Elapsed.TotalSeconds;
            if (wait > 0.001)
                await Task.Delay(TimeSpan.FromSeconds(wait));
            var call = n;
            calls.Add(Task.Run(async () =>
            {
                await operation(call);
                return (clock.Elapsed.TotalSeconds - scheduled) * 1000;
            }));
        }
        var latencies = await Task.WhenAll(calls);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(0, latencies.Length, elapsed, latencies);
    }
}
