using System.Diagnostics;
using System.Text.Json;

namespace Workflow.Tests.Benchmarks;

/// <summary>
/// Keeps the benchmark harness (bench/) working as the engine changes: a quick run on SQLite must complete, check every
/// round trip it makes, and report each workload. No figure is asserted; speed is measured by the harness, not here.
/// </summary>
public sealed class BenchmarkHarnessTests
{
    [Fact]
    public async Task A_quick_run_completes_and_reports_every_workload()
    {
        var harness = HarnessPath();
        var output = Path.Combine(Path.GetTempPath(), $"wf-bench-smoke-{Guid.NewGuid():N}.json");
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { harness, "--quick", "--no-postgres", "--seconds", "0.2", "--out", output })
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"the harness failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");

            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var rows = results.RootElement.GetProperty("rows").EnumerateArray().ToList();
            var workloads = rows.Select(r => r.GetProperty("workload").GetString()).Distinct().ToList();
            Assert.Equal(["1 Round trip SQLite in-process", "1 Round trip SQLite HTTP", "2 Dispatch", "3 Footprint", "4 Inbox SQLite", "5 Live push SQLite"], workloads);
            foreach (var row in rows)
                Assert.True(row.GetProperty("figure").ValueKind == JsonValueKind.Number && row.GetProperty("figure").GetDouble() >= 0,
                    $"{row.GetProperty("workload")} / {row.GetProperty("metric")}: {row.GetProperty("figure")}");
        }
        finally
        {
            File.Delete(output);
        }
    }

    // Built beside this assembly's configuration by the project reference in Workflow.Tests.csproj.
    private static string HarnessPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent!.Name; // bin/<Configuration>/net10.0/
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workflow.Orleans.sln")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var harness = Path.Combine(directory.FullName, "bench", "Workflow.Benchmarks", "bin", configuration, "net10.0", "Workflow.Benchmarks.dll");
        Assert.True(File.Exists(harness), $"{harness} is not built");
        return harness;
    }
}
