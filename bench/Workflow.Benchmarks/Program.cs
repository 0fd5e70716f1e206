using System.Diagnostics;
using System.Runtime.InteropServices;
using Workflow.Benchmarks.Baselines;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Benchmarks.Workloads;
using Workflow.Engine.Storage;

// The benchmark harness of issue 5: every figure beside a baseline measured in the same run on the same machine.
var options = BenchOptions.Parse(args);
var duration = TimeSpan.FromSeconds(options.Seconds);
var table = new ResultTable();
var total = Stopwatch.StartNew();

table.Machine["processors"] = Environment.ProcessorCount.ToString();
table.Machine["os"] = RuntimeInformation.OSDescription;
table.Machine["runtime"] = RuntimeInformation.FrameworkDescription;
table.Machine["cpu"] = File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?" : "?";
table.Machine["mode"] = options.Quick ? "quick" : "full";
table.Machine["secondsPerMeasurement"] = options.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
Console.WriteLine($"Workflow benchmarks ({table.Machine["mode"]}): {Environment.ProcessorCount} processors, {table.Machine["cpu"]}, {table.Machine["runtime"]}");

var scratch = Directory.CreateTempSubdirectory("wf-bench-").FullName;
ThrowawayPostgres? throwaway = null;
PostgresDatabases? postgres = null;
try
{
    // PostgreSQL: the given server, else a throwaway one, else SQLite only.
    if (!options.NoPostgres && (options.Runs("postgres") || options.Runs("http")))
    {
        var admin = options.Postgres;
        if (admin is null)
        {
            Section("Starting a throwaway PostgreSQL server");
            throwaway = await ThrowawayPostgres.TryStartAsync(message => Console.WriteLine("    " + message));
            admin = throwaway?.ConnectionString;
        }
        if (admin is not null)
            postgres = new PostgresDatabases(admin);
    }

    // Workload 1 on SQLite, beside raw durable commits.
    if (options.Runs("sqlite"))
    {
    Section("Approval round trip, in-process, SQLite (baseline: raw durable commits, WAL, synchronous=FULL)");
    await using (var node = await EngineNode.StartAsync($"Data Source={Path.Combine(scratch, "engine.db")}"))
    {
        var workload = await ApprovalRoundTrip.SetUpAsync(node);
        await WarmUpAsync(workload);
        await SqliteCommitBaseline.RunAsync(scratch, 1, TimeSpan.FromMilliseconds(300)); // JIT only
        foreach (var concurrency in options.Concurrency)
        {
            var baseline = await SqliteCommitBaseline.RunAsync(scratch, concurrency, duration);
            var before = node.Get<GroupCommit>().Statistics;
            var measured = await LoadRunner.RunAsync(concurrency, duration, (w, n) => workload.RunOnceAsync($"s{concurrency}", w, n));
            AddRoundTrip(table, "SQLite", concurrency, measured, "SQLite commits/s", baseline.PerSecond, baseline, Delta(before, node.Get<GroupCommit>().Statistics));
        }
        foreach (var (grainType, meanBytes, count) in await workload.StoredStateSizesAsync())
            table.Add(new ResultRow("1 Round trip SQLite in-process", $"stored state, {grainType} grain", meanBytes, "bytes", null, null, null, false, false,
                $"mean JSON payload over {count:N0} grains after their round trip; every turn of the grain writes it whole"));
    }

    }

    // Workload 1 on PostgreSQL, beside pgbench -N.
    if (!options.Runs("postgres")) { }
    else if (postgres is null)
        table.Note("PostgreSQL round trip: skipped: no PostgreSQL (" + (options.NoPostgres ? "--no-postgres" : "no server given and none could be started") + ").");
    else
    {
        Section("Approval round trip, in-process, PostgreSQL (baseline: pgbench -N, same clients, same server)");
        var pgbench = await PgBenchBaseline.CreateAsync(postgres, message => Console.WriteLine("    " + message));
        await using var node = await EngineNode.StartAsync(await postgres.CreateAsync("wf_bench_engine"));
        var workload = await ApprovalRoundTrip.SetUpAsync(node);
        await WarmUpAsync(workload);
        using (var census = new StatementCensus())
        {
            const int trips = 50;
            for (var i = 0; i < trips; i++)
                await workload.RunOnceAsync("census", 0, i);
            table.Add(new ResultRow("1 Round trip PostgreSQL in-process", "statements per round trip", census.Total / (double)trips, "statements", null, null, null, false, false,
                string.Join("; ", census.ByStatement().Take(12).Select(s => $"{s.Count / (double)trips:0.#}× {s.Statement}"))));
        }
        foreach (var concurrency in options.Concurrency)
        {
            double? tps = pgbench is null ? null : await pgbench.RunAsync(concurrency, duration);
            var before = node.Get<GroupCommit>().Statistics;
            var measured = await LoadRunner.RunAsync(concurrency, duration, (w, n) => workload.RunOnceAsync($"p{concurrency}", w, n));
            AddRoundTrip(table, "PostgreSQL", concurrency, measured, "pgbench -N tps", tps, null, Delta(before, node.Get<GroupCommit>().Statistics));
        }
        if (pgbench is null)
            table.Note("pgbench not found: PostgreSQL round trips have no baseline.");
    }

    // Workload 2 on SQLite.
    if (options.Runs("dispatch"))
    {
    Section("Event dispatch with N enabled non-matching workflows, SQLite");
    await using (var node = await EngineNode.StartAsync($"Data Source={Path.Combine(scratch, "dispatch.db")}"))
    {
        var dispatch = new EventDispatch(node);
        var means = new Dictionary<int, double>();
        foreach (var count in options.DispatchWorkflowCounts)
        {
            var growSeconds = await dispatch.GrowToAsync(count, parallelism: 8);
            Console.WriteLine($"    {count:N0} workflows enabled ({growSeconds:0.0} s to add them)");
            var (mean, events) = await dispatch.MeasureAsync(options.Quick ? 50 : 500, duration);
            means[count] = mean;
            table.Add(new ResultRow("2 Dispatch", $"raise, {count:N0} non-matching", mean, "µs/event", null, null, null, false, false,
                $"{events} sequential events, each on a fresh record"));
        }
        var (smallest, largest) = (options.DispatchWorkflowCounts.First(), options.DispatchWorkflowCounts.Last());
        table.Add(new ResultRow("2 Dispatch", $"cost {largest:N0} vs {smallest:N0}", means[largest], "µs/event", $"{smallest} workflows", means[smallest], 1.2, true, false));
        table.Note($"Dispatch: workflows 1..N-1 are inserted already enabled through WorkflowStore (8 in parallel; enabling one by one through WorkflowService re-reads and re-checks every enabled workflow, quadratic in N), the N-th is created and enabled through WorkflowService, which validates it against all the others.");
    }

    }

    // Workload 3 (first version) on SQLite.
    if (options.Runs("footprint"))
    {
    Section($"Grain footprint: {options.FootprintGrains:N0} idle activations per grain type, SQLite");
    foreach (var footprint in await GrainFootprint.RunAsync($"Data Source={Path.Combine(scratch, "footprint.db")}", options.FootprintGrains))
    {
        table.Add(new ResultRow("3 Footprint", $"{footprint.GrainType} memory/grain ({footprint.Count:N0} active)", footprint.BytesPerGrain, "bytes", null, null, 2048, false, false,
            "empty-state activations: a lower bound"));
        table.Add(new ResultRow("3 Footprint", $"{footprint.GrainType} activations/s", footprint.ActivationsPerSecond, "/s", null, null, null, false, true));
        table.Add(new ResultRow("3 Footprint", $"{footprint.GrainType} deactivations/s", footprint.DeactivationsPerSecond, "/s", null, null, null, false, true));
    }
    table.Note("Footprint: grains activated by Get() on keys without stored state (managed heap after full GCs, server GC); grains holding a running instance's state weigh more.");
    }

    table.Note("Not measured yet: round trip through HTTP (the issue's PostgreSQL target applies to it) and its p99 at half the maximum throughput; dispatch with 100 matching workflows; footprint with 100,000 grains holding real state; workload 4 (large inbox, 1,000,000 entries); workload 5 (live push).");
}
finally
{
    if (postgres is not null)
        await postgres.DisposeAsync();
    if (throwaway is not null)
        await throwaway.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try { Directory.Delete(scratch, recursive: true); } catch (Exception) { }
}

table.Machine["totalSeconds"] = total.Elapsed.TotalSeconds.ToString("0");
table.Print();
await table.WriteJsonAsync(options.Out);
Console.WriteLine();
Console.WriteLine($"Written {Path.GetFullPath(options.Out)} in {total.Elapsed.TotalSeconds:0} s.");
return 0;

static void Section(string title) => Console.WriteLine($"==> {title}");

// JIT, connection pools, plugin code paths and the first grain activations, outside the measurement.
static async Task WarmUpAsync(ApprovalRoundTrip workload)
{
    for (var i = 0; i < 20; i++)
        await workload.RunOnceAsync("warmup", 0, i);
}

static (long Commits, long Batches) Delta((long Commits, long Batches) before, (long Commits, long Batches) after) =>
    (after.Commits - before.Commits, after.Batches - before.Batches);

static void AddRoundTrip(ResultTable table, string provider, int concurrency, LoadResult measured, string baselineName, double? baseline, LoadResult? baselineLatency,
    (long Commits, long Batches) grouped)
{
    var workload = $"1 Round trip {provider} in-process";
    table.Add(new ResultRow(workload, $"c={concurrency} throughput", measured.PerSecond, "trips/s", baselineName, baseline, 0.5, true, true,
        $"{measured.Operations} round trips in {measured.Seconds:0.0} s"));
    foreach (var (name, value, baseValue) in new[]
             {
                 ("p50", measured.P50, baselineLatency?.P50), ("p95", measured.P95, baselineLatency?.P95), ("p99", measured.P99, baselineLatency?.P99),
             })
        table.Add(new ResultRow(workload, $"c={concurrency} latency {name}", value, "ms", baseValue is null ? null : $"commit {name}", baseValue, null, false, false));
    table.Add(new ResultRow(workload, $"c={concurrency} commits per round trip", grouped.Commits / (double)Math.Max(1, measured.Operations), "commits", null, null, null, false, false,
        $"group commit: {grouped.Batches / (double)Math.Max(1, grouped.Commits):0.0} grain-turn write batches per commit"));
}
