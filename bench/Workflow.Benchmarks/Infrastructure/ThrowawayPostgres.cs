using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>
/// A private PostgreSQL server for one run, started as test.sh starts one: initdb with trust auth on loopback into a
/// temp folder (as the <c>postgres</c> user when we are root, since initdb refuses root), then the server as our child,
/// stopped and deleted on dispose. Default settings: fsync and synchronous_commit on, so commits are durable.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _server;

    private ThrowawayPostgres(string directory, Process server, string connectionString)
    {
        _directory = directory;
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres?> TryStartAsync(Action<string> log)
    {
        var initdb = ProcessRunner.FindPostgresTool("initdb");
        if (initdb is null)
        {
            log("no initdb in /usr/lib/postgresql/*/bin or on PATH");
            return null;
        }
        var bin = Path.GetDirectoryName(initdb)!;
        var isRoot = Environment.UserName == "root";
        var directory = Directory.CreateTempSubdirectory("wf-bench-pg-").FullName;
        var data = Path.Combine(directory, "data");
        if (isRoot)
        {
            // postgres must traverse the temp folder and own the cluster folder.
            await ProcessRunner.RunAsync("chmod", ["711", directory]);
            await ProcessRunner.RunAsync("chown", ["postgres:", directory]);
        }

        var (code, output) = await AsPostgres(isRoot, directory, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"]);
        if (code != 0)
        {
            log("initdb failed: " + output);
            return null;
        }
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\nmax_connections = 200\n");

        var port = FreePort();
        var info = new ProcessStartInfo(isRoot ? "runuser" : Path.Combine(bin, "postgres"))
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory,
        };
        if (isRoot)
            foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(bin, "postgres") })
                info.ArgumentList.Add(a);
        foreach (var a in new[] { "-D", data, "-p", port.ToString() })
            info.ArgumentList.Add(a);
        var server = Process.Start(info)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=100";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited)
            {
                log($"postgres exited with code {server.ExitCode}");
                return null;
            }
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return new ThrowawayPostgres(directory, server, connectionString);
            }
            catch (Exception) { await Task.Delay(200); }
        }
        server.Kill(entireProcessTree: true);
        log("PostgreSQL not ready after 60 s");
        return null;
    }

    private static Task<(int, string)> AsPostgres(bool isRoot, string directory, string tool, string[] args) =>
        isRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", tool, .. args], directory)
            : ProcessRunner.RunAsync(tool, args, directory);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        var pgCtl = ProcessRunner.FindPostgresTool("pg_ctl");
        var isRoot = Environment.UserName == "root";
        if (pgCtl is not null)
            await AsPostgres(isRoot, _directory, pgCtl, ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "-t", "30", "stop"]);
        if (!_server.HasExited)
            _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (Exception) { }
    }
}
