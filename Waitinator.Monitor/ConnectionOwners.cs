using Waitinator.Processes;
using Waitinator.Contracts.Telemetry;

namespace Waitinator.Monitor;

/// <summary>
/// Names the clients of connections that did not name themselves (a Celery worker's, say) after the lab process holding
/// the socket, SERVICE-PID like the lab's own .NET clients: the server reports the client's port, and the kernel tells
/// which socket on this machine has that port and which process holds it.
/// </summary>
public sealed class ConnectionOwners(LabProcesses processes)
{
    public const string Unnamed = "(unnamed)";

    /// <summary>The client name for each of the given client ports of connections to <paramref name="serverPort"/>; ports of no lab process are missing.</summary>
    public IReadOnlyDictionary<int, string> Name(int serverPort, IReadOnlyCollection<int> clientPorts)
    {
        if (clientPorts.Count == 0 || !processes.Enabled)
        {
            return new Dictionary<int, string>();
        }

        var sockets = SocketDiagnostics.Established(new HashSet<int> { serverPort })
            .Where(socket => clientPorts.Contains(socket.LocalPort))
            .ToDictionary(socket => socket.Inode, socket => socket.LocalPort);
        var owners = processes.OwnersOf(sockets.Keys);
        return owners.ToDictionary(owner => sockets[owner.Key], owner => ClientName(owner.Value));
    }

    /// <summary>The service-pid form every lab client names its connections with.</summary>
    public static string ClientName(LabProcess process) => LabMetrics.ClientName(process.Resource, process.Pid);
}
