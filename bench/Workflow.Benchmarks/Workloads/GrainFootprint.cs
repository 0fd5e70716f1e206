using System.Diagnostics;
using Dapper;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Engine.Approvals;
using Workflow.Engine.Grains;
using Workflow.Engine.Instances;
using Workflow.Engine.Storage;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 3: managed memory per active grain, and activation/deactivation rates, with N grains of a type active at once.
/// Two cases per grain type: grains holding real state (a purchase invoice waiting for approval: the running instance
/// with its steps and history, the approval request with its entry), and grains without stored state (the lower bound:
/// what the runtime itself costs per activation). Real state is made once through the engine (one submitted invoice)
/// and its stored payload copied to N keys in the database; each activation then reads and deserializes it, as a grain
/// reactivated after a restart would. Memory is the managed heap after full collections, before and after activating,
/// and again once the runtime has packed the idle grains' state (what an approval waiting for hours costs).
/// </summary>
public static class GrainFootprint
{
    public sealed record Result(
        string GrainType, string State, int Count, double BytesPerGrain, double BytesPerIdleGrain,
        double ActivationsPerSecond, double PacksPerSecond, double DeactivationsPerSecond);

    public static async Task<List<Result>> RunAsync(string connectionString, int count)
    {
        var results = new List<Result>();
        // The activation bound above N so no eviction runs; idle states are packed at the first collection pass, and
        // activations deactivated only when the measurement asks for it (collection age set to 0 then).
        await using var node = await EngineNode.StartAsync(connectionString, grains =>
        {
            grains.MaxActivations = count * 2 + 1_000;
            grains.CollectionAge = TimeSpan.FromDays(1);
            grains.StateCompactionAge = TimeSpan.Zero;
        });
        var grains = node.Get<IGrainFactory>();
        var runtime = node.Get<GrainRuntime>();

        var roundTrip = await ApprovalRoundTrip.SetUpAsync(node);
        var sample = await roundTrip.SubmitAsync("PI-FOOTPRINT", 0);
        await CollectAllAsync(runtime, node.Get<GrainRuntimeOptions>());
        var storage = node.Get<IStorageProvider>();
        var instanceKeys = await CopyStateAsync(storage, "workflow-instance", sample, "i", count);
        var requestKeys = await CopyStateAsync(storage, "approval-request", sample, "r", count);

        var options = node.Get<GrainRuntimeOptions>();
        results.Add(await MeasureAsync("workflow-instance", "waiting for approval", instanceKeys, runtime, options, key => grains.GetGrain<IWorkflowInstanceGrain>(EngineNode.Tenant, key).Get()));
        results.Add(await MeasureAsync("approval-request", "waiting for approval", requestKeys, runtime, options, key => grains.GetGrain<IApprovalRequestGrain>(EngineNode.Tenant, key).Get()));
        var empty = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        results.Add(await MeasureAsync("workflow-instance", "none stored", empty, runtime, options, key => grains.GetGrain<IWorkflowInstanceGrain>(EngineNode.Tenant, key).Get()));
        results.Add(await MeasureAsync("approval-request", "none stored", empty, runtime, options, key => grains.GetGrain<IApprovalRequestGrain>(EngineNode.Tenant, key).Get()));
        return results;
    }

    /// <summary>Copies one grain's stored state to <paramref name="count"/> new keys (prefix + number), inside the database.</summary>
    private static async Task<string[]> CopyStateAsync(IStorageProvider storage, string grainType, string sourceKey, string prefix, int count)
    {
        await using var connection = await storage.OpenConnectionAsync();
        var copied = await connection.ExecuteAsync($"""
            INSERT INTO grain_state (tenant_id, grain_type, grain_key, payload, version, modified_at_ms)
            SELECT g.tenant_id, g.grain_type, '{prefix}' || CAST(n.i AS TEXT), g.payload, g.version, g.modified_at_ms
            FROM grain_state g CROSS JOIN {NumberSeries.From(storage, 0, count - 1)}
            WHERE g.tenant_id = @Tenant AND g.grain_type = @GrainType AND g.grain_key = @Key
            """, new { Tenant = EngineNode.Tenant, GrainType = grainType, Key = sourceKey }, commandTimeout: 600);
        if (copied != count)
            throw new InvalidOperationException($"Copied {copied} {grainType} states, expected {count}.");
        return Enumerable.Range(0, count).Select(i => prefix + i).ToArray();
    }

    private static async Task<Result> MeasureAsync<T>(string type, string state, string[] keys, GrainRuntime runtime, GrainRuntimeOptions options, Func<string, Task<T?>> activate)
        where T : class
    {
        var before = SettledHeap();
        var clock = Stopwatch.StartNew();
        var withState = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) =>
        {
            if (await activate(key) is not null)
                Interlocked.Increment(ref withState);
        });
        var activationSeconds = clock.Elapsed.TotalSeconds;
        var after = SettledHeap();
        if (withState != (state == "none stored" ? 0 : keys.Length))
            throw new InvalidOperationException($"{withState} of {keys.Length} {type} grains came up with state; expected {(state == "none stored" ? 0 : keys.Length)}.");

        // Idle: the collection pass packs every state (compaction age 0) and deactivates nothing (collection age 1 day).
        clock.Restart();
        await runtime.CollectIdleActivationsAsync();
        var packSeconds = clock.Elapsed.TotalSeconds;
        var idle = SettledHeap();
        if (runtime.Statistics.ActiveActivations < keys.Length)
            throw new InvalidOperationException("Activations were collected while only their state was to be packed.");

        clock.Restart();
        await CollectAllAsync(runtime, options);
        var deactivationSeconds = clock.Elapsed.TotalSeconds;
        // The keys (kept alive across the readings) are not counted: they were allocated before "before".
        GC.KeepAlive(keys);
        return new Result(type, state, keys.Length, (after - before) / (double)keys.Length, (idle - before) / (double)keys.Length,
            keys.Length / activationSeconds, keys.Length / packSeconds, keys.Length / deactivationSeconds);
    }

    private static async Task CollectAllAsync(GrainRuntime runtime, GrainRuntimeOptions options)
    {
        var age = options.CollectionAge;
        options.CollectionAge = TimeSpan.Zero;
        await runtime.CollectIdleActivationsAsync();
        options.CollectionAge = age;
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
