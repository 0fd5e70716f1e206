using System.Net;

namespace Workflow.Engine.Hosting;

/// <summary>
/// How this server's Orleans silo joins its cluster. Bound from the <c>Orleans</c> configuration section. On SQLite the
/// silo is a cluster of its own on loopback; on PostgreSQL every server process on the database is a silo of one cluster,
/// so the ports must be reachable from the other servers at <see cref="AdvertisedAddress"/>.
/// </summary>
public sealed class SiloOptions
{
    /// <summary>Silos with the same cluster id on one database form one cluster.</summary>
    public string ClusterId { get; set; } = "workflow";

    /// <summary>Part of every reminder's key: keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "workflow";

    /// <summary>Port silos talk to each other on; 0 takes a free one (the cluster's membership table tells the others).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port external Orleans clients connect to; 0 for none (the server's own endpoints need none).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; loopback when not set (one machine).</summary>
    public string? AdvertisedAddress { get; set; }

    internal int SiloPortOrFree()
    {
        if (SiloPort != 0)
            return SiloPort;
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal IPAddress AdvertisedIPAddress =>
        string.IsNullOrWhiteSpace(AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(AdvertisedAddress);
}
