using System.Diagnostics;
using System.Net.Http.Headers;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Faults;

/// <summary>
/// The real server as a process of its own on loopback (the build beside the tests), so a test can kill it the way a
/// machine dies: kill -9, no shutdown, no goodbye to its cluster.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(TestDatabase database, string pluginsDirectory)
    {
        var port = Reminders.FreeTcpPorts.Take(1)[0];
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Workflow.Server.dll"),
                     $"--urls=http://127.0.0.1:{port}",
                     $"--Storage:ConnectionString={database.ConnectionString}",
                     $"--Plugins:Directory={pluginsDirectory}",
                     $"--Bootstrap:AdminToken={WorkflowServerFactory.AdminToken}",
                     "--Orleans:SiloPort=0",
                     "--Orleans:GatewayPort=0",
                     "--Operators:OrleansDashboard=false",
                     "--Logging:LogLevel:Default=Warning",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        // Drained, or a full pipe would stall the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = server.AdminClient();
        var starting = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The server process exited with {process.ExitCode} while starting.");
            try
            {
                if ((await client.GetAsync("/api/v1/plugins")).IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException) when (starting.Elapsed < TimeSpan.FromSeconds(60))
            {
            }
            if (starting.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException("The server process did not start answering within 60 s.");
            await Task.Delay(200);
        }
    }

    public HttpClient ClientWithToken(string token) => new()
    {
        BaseAddress = Address,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public HttpClient AdminClient() => ClientWithToken(WorkflowServerFactory.AdminToken);

    /// <summary>kill -9: the process ends at once, in the middle of whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
