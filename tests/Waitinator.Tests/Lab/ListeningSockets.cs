using System.Globalization;
using System.Net;
using Waitinator.Processes;

namespace Waitinator.Tests.Lab;

/// <summary>A TCP socket a process listens on, from /proc/net/tcp and tcp6 and the process's descriptors.</summary>
internal sealed record ListeningSocket(int Pid, string Process, IPAddress Address, int Port)
{
    public override string ToString() => $"{Process} ({Pid}) on {Address}:{Port}";

    /// <summary>Every listening socket of the processes <paramref name="owns"/> accepts.</summary>
    public static List<ListeningSocket> Of(Func<int, bool> owns)
    {
        var listening = ListeningByInode();
        var found = new List<ListeningSocket>();
        foreach (var pid in ProcStat.AllProcessIds().Where(owns))
        {
            foreach (var inode in TcpConnections.SocketInodes(pid))
            {
                if (listening.TryGetValue(inode, out var socket))
                {
                    found.Add(new ListeningSocket(pid, ProcStat.Read(pid)?.Name ?? "?", socket.Address, socket.Port));
                }
            }
        }

        return found;
    }

    private static Dictionary<long, (IPAddress Address, int Port)> ListeningByInode()
    {
        var sockets = new Dictionary<long, (IPAddress, int)>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != "0A")
                {
                    continue;
                }

                var (address, port) = (fields[1][..fields[1].IndexOf(':')], fields[1][(fields[1].IndexOf(':') + 1)..]);
                sockets[long.Parse(fields[9], CultureInfo.InvariantCulture)] = (ParseAddress(address), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return sockets;
    }

    /// <summary>The kernel prints an address as 32-bit words in host order (little-endian here), in hex.</summary>
    private static IPAddress ParseAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }
}
