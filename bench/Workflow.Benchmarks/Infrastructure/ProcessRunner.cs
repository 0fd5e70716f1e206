using System.Diagnostics;

namespace Workflow.Benchmarks.Infrastructure;

public static class ProcessRunner
{
    /// <summary>Runs a program to its end; returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        if (workingDirectory is not null)
            info.WorkingDirectory = workingDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The newest PostgreSQL binaries directory holding <paramref name="tool"/> (Debian keeps them off PATH).</summary>
    public static string? FindPostgresTool(string tool)
    {
        var root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
            foreach (var dir in Directory.GetDirectories(root).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                if (File.Exists(Path.Combine(dir, "bin", tool)))
                    return Path.Combine(dir, "bin", tool);
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        return onPath;
    }
}
