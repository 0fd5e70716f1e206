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
PgBenchBaseline? pgbench = null;
// Baselines are measured once per concurrency level and shared by the in-process and HTTP rows of the same run.
var sqliteBaselines = new Dictionary<int, LoadResult>();
var pgbenchTps = new Dictionary<int, double?>();
try
{
    // PostgreSQL: the given server, else a throwaway one, else SQLite only.
    if (!options.NoPostgres && (options.Runs("postgres") || options.Runs("http") || options.Runs("inbox") || options.Runs("live")))
    {
        var admin = options.Postgres;
        if (admin is null)
        {
            Section("Starting a throwaway PostgreSQL server");
            throwaway = await ThrowawayPostgres.TryStartAsync(message => Console.WriteLine("    " + message));
            admin = throwaway?.ConnectionString;
        }
        if (admin is not null)
        {
            postgres = new PostgresDatabases(admin);
            pgbench = await PgBenchBaseline.CreateAsync(postgres, message => Console.WriteLine("    " + message));
            if (pgbench is null)
                table.Note("pgbench not found: PostgreSQL round trips have no baseline.");
        }
    }
    var noPostgres = "no PostgreSQL (" + (options.NoPostgres ? "--no-postgres" : "no server given and none could be started") + ")";

    if (options.Runs("sqlite"))
    {
        Section("1 Approval round trip, in-process, SQLite (baseline: raw durable commits, WAL, synchronous=FULL)");
        await using var node = await EngineNode.StartAsync(SqliteFile("engine.db"));
        var workload = await ApprovalRoundTrip.SetUpAsync(node);
        await WarmUpAsync((w, n) => workload.RunOnceAsync("warmup", w, n));
        await SqliteCommitBaseline.RunAsync(scratch, 1, TimeSpan.FromMilliseconds(300)); // JIT only
        if (await workload.WalPagesPerRoundTripAsync() is { } pages)
            table.Add(new ResultRow("1 Round trip SQLite in-process", "WAL pages per round trip (c=1)", pages, "pages", "baseline commit", 1, null, false, false,
                "4 KB pages appended to the write-ahead log by one round trip whose turns commit one by one; the baseline commit appends about 1"));
        foreach (var concurrency in options.Concurrency)
        {
            var baseline = await SqliteBaselineAsync(concurrency);
            var measured = await MeasureGroupedAsync(node.Get<GroupCommit>(), concurrency, (w, n) => workload.RunOnceAsync($"s{concurrency}", w, n));
            AddRoundTrip("1 Round trip SQLite in-process", concurrency, measured, "SQLite commits/s", baseline.PerSecond, baseline);
        }
        foreach (var (grainType, meanBytes, count) in await workload.StoredStateSizesAsync())
            table.Add(new ResultRow("1 Round trip SQLite in-process", $"stored state, {grainType} grain", meanBytes, "bytes", null, null, null, false, false,
                $"mean JSON payload over {count:N0} grains after their round trip; every turn of the grain writes it whole"));
    }

    if (!options.Runs("postgres")) { }
    else if (postgres is null)
        table.Note($"PostgreSQL round trip: skipped: {noPostgres}.");
    else
    {
        Section("1 Approval round trip, in-process, PostgreSQL (baseline: pgbench -N, same clients, same server)");
        await using var node = await EngineNode.StartAsync(await postgres.CreateAsync("wf_bench_engine"));
        var workload = await ApprovalRoundTrip.SetUpAsync(node);
        await WarmUpAsync((w, n) => workload.RunOnceAsync("warmup", w, n));
        using (var census = new StatementCensus())
        {
            const int trips = 50;
            for (var i = 0; i < trips; i++)
                await workload.RunOnceAsync("census", 0, i);
            table.Add(new ResultRow("1 Round trip PostgreSQL in-process", "database calls per round trip", census.Total / (double)trips, "calls", null, null, null, false, false,
                string.Join("; ", census.ByStatement().Take(12).Select(s => $"{s.Count / (double)trips:0.#}× {s.Statement}"))));
        }
        foreach (var concurrency in options.Concurrency)
        {
            var tps = await PgBenchAsync(concurrency);
            var measured = await MeasureGroupedAsync(node.Get<GroupCommit>(), concurrency, (w, n) => workload.RunOnceAsync($"p{concurrency}", w, n));
            AddRoundTrip("1 Round trip PostgreSQL in-process", concurrency, measured, "pgbench -N tps", tps, null);
        }
    }

    if (options.Runs("http"))
    {
        var servers = new List<(string Name, Func<Task<string>> Database)> { ("SQLite", () => Task.FromResult(SqliteFile("http.db"))) };
        if (postgres is not null)
            servers.Add(("PostgreSQL", () => postgres.CreateAsync("wf_bench_http")));
        else
            table.Note($"PostgreSQL round trip through HTTP: skipped: {noPostgres}.");
        foreach (var (provider, database) in servers)
        {
            Section($"1 Approval round trip through HTTP (Kestrel, loopback, bearer tokens), {provider}");
            await using var server = await HttpRoundTrip.StartAsync(await database());
            await WarmUpAsync((w, n) => server.RunOnceAsync("warmup", w, n));
            var workloadName = $"1 Round trip {provider} HTTP";
            var best = 0.0;
            foreach (var concurrency in options.HttpConcurrency)
            {
                var (baselineName, baseline) = provider == "SQLite"
                    ? ("SQLite commits/s", (double?)(await SqliteBaselineAsync(concurrency)).PerSecond)
                    : ("pgbench -N tps", await PgBenchAsync(concurrency));
                var measured = await MeasureGroupedAsync(server.Commits, concurrency, (w, n) => server.RunOnceAsync($"h{concurrency}", w, n));
                AddRoundTrip(workloadName, concurrency, measured, baselineName, baseline, null);
                best = Math.Max(best, measured.Load.PerSecond);
            }

            // The latency target holds at half the best throughput, offered at a steady rate (open loop).
            var rate = best / 2;
            Console.WriteLine($"    steady {rate:0} trips/s (half of the best {best:0})");
            var steady = await LoadRunner.RunAtRateAsync(rate, duration, n => server.RunOnceAsync("rate", -1, n));
            foreach (var (name, value) in new[] { ("p50", steady.P50), ("p95", steady.P95), ("p99", steady.P99) })
                table.Add(new ResultRow(workloadName, $"latency {name} at half the best throughput", value, "ms", null, null,
                    name == "p99" ? 50 : null, false, false, name == "p99" ? $"{steady.Operations} round trips offered at {rate:0}/s; measured from each call's scheduled start" : null));
        }

        if (postgres is not null)
        {
            // Two silos of one cluster on one database: the same trips, submitted through one node and approved through the
            // other, beside one node's figures above (same run, same clients).
            Section("1 Approval round trip through HTTP, PostgreSQL, two silos of one cluster (two servers in this process)");
            await using var cluster = await HttpRoundTrip.StartAsync(await postgres.CreateAsync("wf_bench_http2"), nodes: 2);
            await WarmUpAsync((w, n) => cluster.RunOnceAsync("warmup", w, n));
            foreach (var concurrency in options.HttpConcurrency)
            {
                var measured = await MeasureGroupedAsync(cluster.Commits, concurrency, (w, n) => cluster.RunOnceAsync($"c{concurrency}", w, n));
                var oneNode = table.Rows.FirstOrDefault(r => r.Workload == "1 Round trip PostgreSQL HTTP" && r.Metric == $"c={concurrency} throughput")?.Figure;
                table.Add(new ResultRow("1 Round trip PostgreSQL HTTP, two silos", $"c={concurrency} throughput", measured.Load.PerSecond, "trips/s", "one silo, same run", oneNode, null, false, true,
                    $"{measured.Load.Operations} round trips in {measured.Load.Seconds:0.0} s; each submitted through one node and approved through the other"));
            }
        }
    }

    if (options.Runs("dispatch"))
    {
        Section("2 Event dispatch with N enabled non-matching workflows, SQLite");
        await using (var node = await EngineNode.StartAsync(SqliteFile("dispatch.db")))
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
            table.Note("Dispatch: workflows 1..N-1 are inserted already enabled through WorkflowStore (8 in parallel; enabling one by one through WorkflowService re-reads and re-checks every enabled workflow, quadratic in N), the N-th is created and enabled through WorkflowService, which validates it against all the others.");
        }

        Section($"2 Event dispatch with {options.MatchingWorkflows} matching workflows, SQLite");
        await using (var node = await EngineNode.StartAsync(SqliteFile("dispatch-matching.db")))
        {
            var dispatch = new EventDispatch(node);
            await dispatch.AddMatchingAsync(options.MatchingWorkflows);
            var (mean, events) = await dispatch.MeasureAsync(options.Quick ? 10 : 100, duration);
            table.Add(new ResultRow("2 Dispatch", $"raise, {options.MatchingWorkflows} matching", mean, "µs/event", null, null, null, false, false,
                $"{events} sequential events, each starting {options.MatchingWorkflows} instances that run to their end ({mean / options.MatchingWorkflows:0} µs per instance); such workflows are inserted through the store, since enabling refuses overlapping entry points"));
        }
    }

    if (options.Runs("footprint"))
    {
        Section($"3 Grain footprint: {options.FootprintGrains:N0} active grains per type and state, SQLite");
        var footprints = await GrainFootprint.RunAsync(SqliteFile("footprint.db"), options.FootprintGrains);
        foreach (var footprint in footprints)
        {
            var name = $"{footprint.GrainType}, state {footprint.State}";
            var empty = footprint.State == "none stored" ? null : footprints.Single(f => f.GrainType == footprint.GrainType && f.State == "none stored");
            table.Add(new ResultRow("3 Footprint", $"{name}: memory/grain, idle ({footprint.Count:N0} active)", footprint.BytesPerIdleGrain, "bytes", null, null, null, false, false,
                empty is null ? "an Orleans activation with no stored state" : "state packed after the compaction age"));
            table.Add(new ResultRow("3 Footprint", $"{name}: memory/grain, just activated", footprint.BytesPerGrain, "bytes", null, null, null, false, false,
                "state live, as during and right after a call"));
            if (empty is not null)
                table.Add(new ResultRow("3 Footprint", $"{name}: what the state adds per idle grain", footprint.BytesPerIdleGrain - empty.BytesPerIdleGrain, "bytes", null, null, 2048, false, false,
                    "beside an empty activation of the same type, same run"));
            table.Add(new ResultRow("3 Footprint", $"{name}: activations/s", footprint.ActivationsPerSecond, "/s", null, null, null, false, true, "each reads its state from storage"));
            table.Add(new ResultRow("3 Footprint", $"{name}: deactivations/s", footprint.DeactivationsPerSecond, "/s", null, null, null, false, true));
        }
        table.Note("Footprint: managed heap after full collections (server GC), before and after activating N grains; 'waiting for approval' grains hold the state a submitted purchase invoice leaves (copied from one made through the engine), 'none stored' is the runtime's own cost per activation.");
    }

    if (options.Runs("inbox"))
    {
        var databases = new List<(string Name, Func<Task<string>> Database)> { ("SQLite", () => Task.FromResult(SqliteFile("inbox.db"))) };
        if (postgres is not null)
            databases.Add(("PostgreSQL", () => postgres.CreateAsync("wf_bench_inbox")));
        foreach (var (provider, database) in databases)
        {
            Section($"4 Large inbox: {options.InboxEntries:N0} approval entries across {options.InboxApprovers:N0} approvers, {provider}");
            await using var node = await EngineNode.StartAsync(await database());
            var inbox = new LargeInbox(node);
            var fillSeconds = await inbox.FillAsync(options.InboxEntries, options.InboxApprovers);
            Console.WriteLine($"    stored in {fillSeconds:0.0} s");
            var measured = await inbox.MeasureAsync(options.InboxApprovers, options.InboxEntries / options.InboxApprovers / 5, options.Quick ? 200 : 2_000);
            foreach (var (name, value) in new[] { ("p50", measured.P50), ("p99", measured.P99) })
                table.Add(new ResultRow($"4 Inbox {provider}", $"requests to approve, {name}", value, "ms", null, null, name == "p99" ? 10 : null, false, false,
                    name == "p99" ? $"{measured.Operations} queries for random approvers, each answering its {options.InboxEntries / options.InboxApprovers / 5} open entries, overdue first" : null));
        }
    }

    if (options.Runs("live"))
    {
        // One node on PostgreSQL (SQLite without it), then two silos of one cluster on PostgreSQL.
        var setups = new List<(string Name, int Nodes, Func<Task<string>> Database)>();
        if (postgres is not null)
        {
            setups.Add(("PostgreSQL", 1, () => postgres.CreateAsync("wf_bench_live")));
            setups.Add(("PostgreSQL, two silos", 2, () => postgres.CreateAsync("wf_bench_live2")));
        }
        else
        {
            setups.Add(("SQLite", 1, () => Task.FromResult(SqliteFile("live.db"))));
            table.Note($"Live push on PostgreSQL (one node and two silos): skipped: {noPostgres}.");
        }
        foreach (var (name, nodes, database) in setups)
        {
            Section($"5 Live push: approve call to the requester's SignalR client, {options.LiveClients:N0} connected clients, {name}");
            await using var live = await LivePush.StartAsync(await database(), nodes, options.LiveClients);
            await LoadRunner.RunAsync(4, TimeSpan.FromSeconds(options.Quick ? 0.3 : 3), async (w, n) => await live.RunOnceAsync($"warmup-{w}", n * 4 + w));
            var best = await live.BestRateAsync(options.Quick ? [4] : [4, 16], duration);
            var rate = best / 2;
            Console.WriteLine($"    steady {rate:0} trips/s (half of the best {best:0}, each trip waiting for its push)");
            var (push, approve, lost) = await live.MeasureAtRateAsync(rate, duration);
            foreach (var (metric, value, call) in new[] { ("p50", push.P50, approve.P50), ("p99", push.P99, approve.P99) })
                table.Add(new ResultRow($"5 Live push {name}", $"approve to push, {metric}", value, "ms", $"the approve call's own {metric}", call, metric == "p99" ? 100 : null, false, false,
                    metric == "p99" ? $"{push.Operations} trips offered at {rate:0}/s (half the best {best:0}), {live.Clients} clients connected over {nodes} node(s), {lost} pushes lost" : null));
        }
    }
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

string SqliteFile(string name) => $"Data Source={Path.Combine(scratch, name)}";

async Task<LoadResult> SqliteBaselineAsync(int concurrency)
{
    if (!sqliteBaselines.TryGetValue(concurrency, out var baseline))
        sqliteBaselines[concurrency] = baseline = await SqliteCommitBaseline.RunAsync(scratch, concurrency, duration);
    return baseline;
}

async Task<double?> PgBenchAsync(int concurrency)
{
    if (!pgbenchTps.TryGetValue(concurrency, out var tps))
        pgbenchTps[concurrency] = tps = pgbench is null ? null : await pgbench.RunAsync(concurrency, duration);
    return tps;
}

// A load run, with how the node's group commit grouped its writes meanwhile.
// The process's CPU time per trip is steadier than trips/s on a shared machine, so changes are compared by it too.
async Task<RoundTripRun> MeasureGroupedAsync(GroupCommit commits, int concurrency, Func<int, long, Task> operation)
{
    var before = commits.Statistics;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var load = await LoadRunner.RunAsync(concurrency, duration, operation);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var after = commits.Statistics;
    return new RoundTripRun(load, after.Commits - before.Commits, after.Batches - before.Batches, cpu,
        after.InTransactions - before.InTransactions, after.InCommits - before.InCommits);
}

void AddRoundTrip(string workload, int concurrency, RoundTripRun measured, string baselineName, double? baseline, LoadResult? baselineLatency)
{
    var load = measured.Load;
    table.Add(new ResultRow(workload, $"c={concurrency} throughput", load.PerSecond, "trips/s", baselineName, baseline, 0.5, true, true,
        $"{load.Operations} round trips in {load.Seconds:0.0} s"));
    foreach (var (name, value, baseValue) in new[]
             {
                 ("p50", load.P50, baselineLatency?.P50), ("p95", load.P95, baselineLatency?.P95), ("p99", load.P99, baselineLatency?.P99),
             })
        table.Add(new ResultRow(workload, $"c={concurrency} latency {name}", value, "ms", baseValue is null ? null : $"commit {name}", baseValue, null, false, false));
    table.Add(new ResultRow(workload, $"c={concurrency} commits per round trip", measured.Commits / (double)Math.Max(1, load.Operations), "commits", null, null, null, false, false,
        $"group commit: {measured.Batches / (double)Math.Max(1, measured.Commits):0.0} grain-turn write batches per commit"));
    table.Add(new ResultRow(workload, $"c={concurrency} CPU per round trip", measured.Cpu.TotalMilliseconds / Math.Max(1, load.Operations), "ms", null, null, null, false, false,
        $"this process's user and kernel CPU time over the run ({measured.Cpu.TotalSeconds:0.0} s of {Environment.ProcessorCount} cores × {load.Seconds:0.0} s), the load generator and SQLite included, a PostgreSQL server not"));
    table.Add(new ResultRow(workload, $"c={concurrency} group-commit writers in transactions", 100 * measured.InTransactions.TotalSeconds / load.Seconds, "% of wall time", null, null, null, false, false,
        $"summed over the node's writers, BEGIN to end of COMMIT; {100 * measured.InCommits.TotalSeconds / load.Seconds:0}% in COMMIT alone (100% with one writer: the writer is what limits the node)"));
}

static void Section(string title) => Console.WriteLine($"==> {title}");

// JIT (until tiered compilation has settled on optimized code), connection pools, plugin code paths and the first grain
// activations, outside the measurement: a few seconds of load at a middle concurrency.
async Task WarmUpAsync(Func<int, long, Task> roundTrip) =>
    await LoadRunner.RunAsync(4, TimeSpan.FromSeconds(options.Quick ? 0.3 : 3), roundTrip);

/// <summary>One closed-loop round-trip run and what the node's group commit did meanwhile.</summary>
internal sealed record RoundTripRun(LoadResult Load, long Commits, long Batches, TimeSpan Cpu, TimeSpan InTransactions, TimeSpan InCommits);
