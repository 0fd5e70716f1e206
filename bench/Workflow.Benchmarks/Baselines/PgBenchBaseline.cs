using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Workflow.Benchmarks.Infrastructure;

namespace Workflow.Benchmarks.Baselines;

/// <summary>
/// What the PostgreSQL server allows: <c>pgbench -N</c> (the simple-update transaction: one UPDATE, one SELECT, one
/// INSERT per commit) with the same number of clients as the workload, on a scratch database of the same server.
/// </summary>
public sealed partial class PgBenchBaseline
{
    private readonly string _pgbench;
    private readonly NpgsqlConnectionStringBuilder _target;

    private PgBenchBaseline(string pgbench, string connectionString)
    {
        _pgbench = pgbench;
        _target = new NpgsqlConnectionStringBuilder(connectionString);
    }

    /// <summary>Initialises pgbench's tables (scale 1) in a scratch database; null when pgbench is not installed.</summary>
    public static async Task<PgBenchBaseline?> CreateAsync(PostgresDatabases databases, Action<string> log)
    {
        var pgbench = ProcessRunner.FindPostgresTool("pgbench");
        if (pgbench is null)
        {
            log("pgbench not found in /usr/lib/postgresql/*/bin or on PATH");
            return null;
        }
        var baseline = new PgBenchBaseline(pgbench, await databases.CreateAsync("wf_bench_pgbench"));
        var (code, output) = await baseline.RunPgBenchAsync(["-i", "-q", "-s", "1"]);
        if (code != 0)
            throw new InvalidOperationException("pgbench -i failed: " + output);
        return baseline;
    }

    /// <summary>Transactions per second (without connection time) of <c>pgbench -N -c N -j N -T secs</c>.</summary>
    public async Task<double> RunAsync(int clients, TimeSpan duration)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var (code, output) = await RunPgBenchAsync(["-N", "-c", clients.ToString(), "-j", clients.ToString(), "-T", seconds.ToString(), "-n"]);
        if (code != 0)
            throw new InvalidOperationException("pgbench failed: " + output);
        var match = Tps().Match(output);
        if (!match.Success)
            throw new InvalidOperationException("No tps in pgbench output: " + output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private Task<(int, string)> RunPgBenchAsync(string[] args)
    {
        var env = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(_target.Password))
            env["PGPASSWORD"] = _target.Password;
        return ProcessRunner.RunAsync(_pgbench,
            [.. args, "-h", _target.Host ?? "127.0.0.1", "-p", _target.Port.ToString(), "-U", _target.Username ?? "postgres", _target.Database!],
            environment: env);
    }

    // PostgreSQL 15: "tps = 1234.5 (without initial connection time)"; older versions print "excluding connections establishing".
    [GeneratedRegex(@"tps = ([0-9.]+) \((?:without initial connection time|excluding connections establishing)\)")]
    private static partial Regex Tps();
}
