namespace Workflow.Benchmarks.Infrastructure;

/// <summary>The command line: <c>[--quick] [--postgres "conn"] [--no-postgres] [--out file.json] [--seconds N] [--only a,b]</c>.</summary>
public sealed record BenchOptions(bool Quick, string? Postgres, bool NoPostgres, string Out, double Seconds, IReadOnlySet<string> Only, int[]? Levels = null)
{
    /// <summary>The workloads, by the names <c>--only</c> takes.</summary>
    public static readonly string[] Workloads = ["sqlite", "postgres", "http", "dispatch", "footprint", "inbox", "live"];

    /// <summary>Whether a workload runs: all do unless <c>--only</c> names some.</summary>
    public bool Runs(string workload) => Only.Count == 0 || Only.Contains(workload);

    /// <summary>Concurrency levels of the round trip; the baselines run at the same levels.</summary>
    public int[] Concurrency => Levels ?? (Quick ? [1, 4] : [1, 4, 16, 64]);

    /// <summary>Concurrency levels of the HTTP round trip; the best of them sets the rate of the latency run.</summary>
    public int[] HttpConcurrency => Levels ?? (Quick ? [1, 4] : [1, 4, 16, 64]);

    /// <summary>Enabled workflows whose entry point every event of the matching dispatch run matches.</summary>
    public int MatchingWorkflows => Quick ? 10 : 100;

    /// <summary>Approval entries and approvers of the large inbox (the issue asks for 1,000,000 across 10,000).</summary>
    public int InboxEntries => Quick ? 20_000 : 1_000_000;

    public int InboxApprovers => Quick ? 200 : 10_000;

    /// <summary>Workflow counts for the dispatch workload.</summary>
    public int[] DispatchWorkflowCounts => Quick ? [10, 200] : [10, 1_000, 10_000];

    /// <summary>Idle grains activated for the footprint workload (the issue asks for 100,000).</summary>
    public int FootprintGrains => Quick ? 2_000 : 100_000;

    /// <summary>Live push: SignalR clients connected, each a requester of its own.</summary>
    public int LiveClients => Quick ? 20 : 1_000;

    public static BenchOptions Parse(string[] args)
    {
        bool quick = false, noPostgres = false;
        string? postgres = null;
        string output = "bench-results.json";
        double? seconds = null;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int[]? levels = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--no-postgres": noPostgres = true; break;
                case "--postgres": postgres = Value(args, ref i); break;
                case "--out": output = Value(args, ref i); break;
                case "--only":
                    foreach (var name in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        only.Add(Workloads.Contains(name, StringComparer.OrdinalIgnoreCase) ? name : throw new ArgumentException($"--only: unknown workload '{name}'; known: {string.Join(", ", Workloads)}."));
                    break;
                case "--concurrency":
                    levels = Value(args, ref i).Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--seconds": seconds = double.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture); break;
                case "-h" or "--help":
                    Console.WriteLine("""
                        Workflow.Benchmarks [--quick] [--postgres "<Npgsql connection string>"] [--no-postgres] [--out bench-results.json] [--seconds N] [--only a,b] [--concurrency 1,4]
                          --quick        small sizes and 1 s per measurement: a smoke run, well under a minute
                          --postgres     an existing server (its user may create databases); default: a throwaway server is started
                          --no-postgres  SQLite only
                          --seconds      duration of each throughput measurement (default 10, quick 1)
                          --concurrency  round-trip client counts instead of the defaults (1,4,16,64)
                          --only         some workloads: sqlite, postgres, http, dispatch, footprint, inbox (e.g. to profile one)
                        """);
                    Environment.Exit(0);
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Try --help.");
            }
        }
        return new BenchOptions(quick, postgres, noPostgres, output, seconds ?? (quick ? 1 : 10), only, levels);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
