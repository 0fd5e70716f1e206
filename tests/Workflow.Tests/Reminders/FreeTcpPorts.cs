using System.Net;
using System.Net.Sockets;

namespace Workflow.Tests.Reminders;

/// <summary>
/// Loopback ports nobody listens on. Silos bind fixed ports (UseLocalhostClustering defaults to 11111/30000), which
/// collide when test classes run in parallel.
/// </summary>
public static class FreeTcpPorts
{
    /// <summary>Distinct ports: every listener stays open until all are picked, so none is handed out twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }
}
