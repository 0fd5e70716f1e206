using System.Diagnostics;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Engine.Approvals;
using Workflow.Engine.Grains;
using Workflow.Engine.Instances;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 3 (first version): managed memory per idle activation. N instance grains and N approval request grains are
/// activated by a <c>Get()</c> on keys with no stored state (each activation still reads storage once), then the managed
/// heap is compared after full collections. Grains with real state (a running instance's steps and history) weigh
/// more: this is a lower bound. Deactivation is timed by collecting them all as idle.
/// </summary>
public static class GrainFootprint
{
    public sealed record Result(string GrainType, int Count, double BytesPerGrain, double ActivationsPerSecond, double DeactivationsPerSecond);

    public static async Task<List<Result>> RunAsync(string connectionString, int count)
    {
        var results = new List<Result>();
        // The activation bound above N so no eviction runs; collection age 0 so every idle activation is collectable.
        await using var node = await EngineNode.StartAsync(connectionString, grains =>
        {
            grains.MaxActivations = count * 2 + 1_000;
            grains.CollectionAge = TimeSpan.Zero;
        });
        var grains = node.Get<IGrainFactory>();
        var runtime = node.Get<GrainRuntime>();
        results.Add(await MeasureAsync("workflow-instance", count, runtime, key => grains.GetGrain<IWorkflowInstanceGrain>(EngineNode.Tenant, key).Get()));
        results.Add(await MeasureAsync("approval-request", count, runtime, key => grains.GetGrain<IApprovalRequestGrain>(EngineNode.Tenant, key).Get()));
        return results;
    }

    private static async Task<Result> MeasureAsync<T>(string type, int count, GrainRuntime runtime, Func<string, Task<T>> activate)
    {
        var keys = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var before = SettledHeap();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) => await activate(key));
        var activationSeconds = clock.Elapsed.TotalSeconds;
        var after = SettledHeap();
        GC.KeepAlive(keys);

        clock.Restart();
        await runtime.CollectIdleActivationsAsync();
        var deactivationSeconds = clock.Elapsed.TotalSeconds;
        // The keys themselves (kept alive across both readings) are not counted: they were allocated before "before".
        return new Result(type, count, (after - before) / (double)count, count / activationSeconds, count / deactivationSeconds);
    }

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
