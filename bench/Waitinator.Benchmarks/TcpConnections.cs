using System.Globalization;

namespace Waitinator.Benchmarks;

/// <summary>Counts the established TCP connections a set of processes holds, by remote port, from /proc/PID/fd and /proc/net/tcp{,6}.</summary>
internal static class TcpConnections
{
    private const string Established = "01";
    private const string Listening = "0A";

    /// <summary>The process listening on a local TCP port (a server the lab started), or null when none is visible.</summary>
    public static int? ListenerOf(int port)
    {
        var inodes = Sockets(Listening, localPort: port).ToHashSet();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")).Any(fd => SocketInode(fd) is { } inode && inodes.Contains(inode)))
                {
                    return pid;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private static IEnumerable<long> Sockets(string state, int localPort)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 10 && fields[3] == state
                    && int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == localPort)
                {
                    yield return long.Parse(fields[9], CultureInfo.InvariantCulture);
                }
            }
        }
    }

    private static long? SocketInode(string descriptor)
    {
        var target = new FileInfo(descriptor).LinkTarget;
        return target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
            && long.TryParse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture, out var inode)
            ? inode
            : null;
    }

    public static Dictionary<int, int> CountByRemotePort(IEnumerable<int> pids, IEnumerable<int> ports)
    {
        var wanted = ports.ToHashSet();
        var remotePortByInode = new Dictionary<long, int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != Established)
                {
                    continue;
                }

                var remotePort = int.Parse(fields[2][(fields[2].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (wanted.Contains(remotePort))
                {
                    remotePortByInode[long.Parse(fields[9], CultureInfo.InvariantCulture)] = remotePort;
                }
            }
        }

        // By socket, not descriptor: a forked child that inherits its parent's socket holds the same connection.
        var seen = new HashSet<long>();
        var counts = new Dictionary<int, int>();
        foreach (var pid in pids)
        {
            try
            {
                foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (SocketInode(descriptor) is { } inode && remotePortByInode.TryGetValue(inode, out var port) && seen.Add(inode))
                    {
                        counts[port] = counts.GetValueOrDefault(port) + 1;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process has exited, or a descriptor closed while listing.
            }
        }

        return counts;
    }
}
