using Waitinator.Processes;

namespace Waitinator.Benchmarks;

/// <summary>
/// Counts the established TCP connections a process tree holds to given server ports. The kernel lists the sockets
/// to those ports (a handful); the tree's descriptors are read only when one of them is new, to learn whose it is,
/// since reading ten thousand descriptors every sample would load the machine being measured.
/// </summary>
internal sealed class ServerConnectionCounter(IEnumerable<int> serverPorts)
{
    private readonly HashSet<int> _ports = serverPorts.ToHashSet();
    private readonly Dictionary<long, bool> _inTree = new();

    /// <summary>Connections by remote port, each socket once (a forked child may hold its parent's).</summary>
    public Dictionary<int, int> Count(IReadOnlyList<int> tree)
    {
        var sockets = SocketDiagnostics.Established(_ports);
        var unknown = sockets.Select(socket => socket.Inode).Where(inode => !_inTree.ContainsKey(inode)).ToHashSet();
        if (unknown.Count > 0)
        {
            var found = InodesInTree(tree, unknown);
            foreach (var inode in unknown)
            {
                _inTree[inode] = found.Contains(inode);
            }
        }

        return sockets.Where(socket => _inTree[socket.Inode]).DistinctBy(socket => socket.Inode)
            .GroupBy(socket => socket.RemotePort).ToDictionary(group => group.Key, group => group.Count());
    }

    private static HashSet<long> InodesInTree(IReadOnlyList<int> tree, HashSet<long> wanted)
    {
        var found = new HashSet<long>();
        foreach (var pid in tree)
        {
            try
            {
                foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (TcpConnections.SocketInode(descriptor) is { } inode && wanted.Contains(inode) && found.Add(inode) && found.Count == wanted.Count)
                    {
                        return found;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process has exited, or a descriptor closed while listing.
            }
        }

        return found;
    }
}
