using System.Globalization;

namespace Waitinator.Processes;

/// <summary>Which process holds a TCP socket: the inodes behind /proc/PID/fd, and the listener of a port from /proc/net/tcp{,6}.</summary>
public static class TcpConnections
{
    private const string Listening = "0A";

    /// <summary>The process listening on a local TCP port (a server the lab started), or null when none is visible.</summary>
    public static int? ListenerOf(int port)
    {
        var inodes = Sockets(Listening, localPort: port).ToHashSet();
        foreach (var pid in ProcStat.AllProcessIds())
        {
            if (SocketInodes(pid).Any(inodes.Contains))
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary>The inodes of the sockets a process holds open; none once it has gone.</summary>
    public static IEnumerable<long> SocketInodes(int pid)
    {
        List<long> inodes = [];
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (SocketInode(descriptor) is { } inode)
                {
                    inodes.Add(inode);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process has exited, or a descriptor closed while listing.
        }

        return inodes;
    }

    public static long? SocketInode(string descriptor)
    {
        try
        {
            var target = new FileInfo(descriptor).LinkTarget;
            return target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                && long.TryParse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture, out var inode)
                ? inode
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
}
