using System.Net;
using System.Net.Sockets;

namespace Waitinator.LocalLab;

/// <summary>Free ports on 127.0.0.1, picked before a server starts: its configuration names the port.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
