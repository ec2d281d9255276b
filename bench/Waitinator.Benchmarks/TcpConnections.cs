using System.Globalization;

namespace Waitinator.Benchmarks;

/// <summary>Finds which process listens on a TCP port, from /proc/net/tcp{,6} and /proc/PID/fd.</summary>
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

    public static long? SocketInode(string descriptor)
    {
        var target = new FileInfo(descriptor).LinkTarget;
        return target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
            && long.TryParse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture, out var inode)
            ? inode
            : null;
    }
}
