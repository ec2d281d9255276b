using System.Net;
using System.Net.Sockets;

namespace Waitinator.AppHost.Infrastructure;

/// <summary>
/// Picks free loopback ports for the executable servers. Their configuration files need the port before start,
/// and the ports DCP assigns to unproxied endpoints are only known inside DCP.
/// </summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
