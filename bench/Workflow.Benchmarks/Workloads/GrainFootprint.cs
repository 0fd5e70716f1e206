using System.Diagnostics;
using Dapper;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Engine.Approvals;
using Orleans;
using Orleans.Runtime;
using Workflow.Engine.Grains;
using Workflow.Engine.Instances;
using Workflow.Engine.Storage;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 3: managed memory per active grain, and activation/deactivation rates, with N Orleans activations of a type
/// at once. Two cases per grain type: grains holding real state (a purchase invoice waiting for approval: the running
/// instance with its steps and history, the approval request with its entry), and grains without stored state (what
/// Orleans itself costs per activation, measured in the same run); their difference is what the state adds. Real state
/// is made once through the engine (one submitted invoice) and its stored payload copied to N keys in the database; each
/// activation then reads and deserializes it, as a grain reactivated after a restart would. Memory is the managed heap
/// after full collections, before and after activating, and once the idle activations have packed their state.
/// </summary>
public static class GrainFootprint
{
    public sealed record Result(string GrainType, string State, int Count, double BytesPerGrain, double BytesPerIdleGrain, double ActivationsPerSecond, double DeactivationsPerSecond);

    // Idle activations pack their state this long after their last call (GrainOptions.StateCompactionAge).
    private static readonly TimeSpan CompactionAge = TimeSpan.FromSeconds(2);

    public static async Task<List<Result>> RunAsync(string connectionString, int count)
    {
        var results = new List<Result>();
        // Activations leave only when the measurement asks for it.
        await using var node = await EngineNode.StartAsync(connectionString, grains =>
        {
            grains.CollectionAge = TimeSpan.FromDays(1);
            grains.StateCompactionAge = CompactionAge;
        });
        var grains = node.Get<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);

        var roundTrip = await ApprovalRoundTrip.SetUpAsync(node);
        var sample = await roundTrip.SubmitAsync("PI-FOOTPRINT", 0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var storage = node.Get<IStorageProvider>();
        var instanceKeys = await CopyStateAsync(storage, "workflow-instance", sample, "i", count);
        var requestKeys = await CopyStateAsync(storage, "approval-request", sample, "r", count);

        results.Add(await MeasureAsync("workflow-instance", "waiting for approval", instanceKeys, management, key => grains.GetTenantGrain<IWorkflowInstanceGrain>(EngineNode.Tenant, key).Get()));
        results.Add(await MeasureAsync("approval-request", "waiting for approval", requestKeys, management, key => grains.GetTenantGrain<IApprovalRequestGrain>(EngineNode.Tenant, key).Get()));
        var empty = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        results.Add(await MeasureAsync("workflow-instance", "none stored", empty, management, key => grains.GetTenantGrain<IWorkflowInstanceGrain>(EngineNode.Tenant, key).Get()));
        results.Add(await MeasureAsync("approval-request", "none stored", empty, management, key => grains.GetTenantGrain<IApprovalRequestGrain>(EngineNode.Tenant, key).Get()));
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

    private static async Task<Result> MeasureAsync<T>(string type, string state, string[] keys, IManagementGrain management, Func<string, Task<T?>> activate)
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
        // Idle: every activation packs its state once the compaction age has passed since its call.
        await Task.Delay(CompactionAge + TimeSpan.FromSeconds(keys.Length / 10_000.0 + 3));
        var idle = SettledHeap();
        if (await management.GetTotalActivationCount() < keys.Length)
            throw new InvalidOperationException("Activations were collected while they were being measured.");

        clock.Restart();
        await management.ForceActivationCollection(TimeSpan.Zero);
        var deactivationSeconds = clock.Elapsed.TotalSeconds;
        // The keys (kept alive across the readings) are not counted: they were allocated before "before".
        GC.KeepAlive(keys);
        return new Result(type, state, keys.Length, (after - before) / (double)keys.Length, (idle - before) / (double)keys.Length,
            keys.Length / activationSeconds, keys.Length / deactivationSeconds);
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
