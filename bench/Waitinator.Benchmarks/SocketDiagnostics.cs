using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Waitinator.Benchmarks;

/// <summary>
/// Established TCP sockets from the kernel's sock_diag netlink interface (what `ss` reads): binary records, where
/// /proc/net/tcp formats a line of text for every socket on the machine. With 20,000 sockets open (10,000 tasks talking
/// to the Api) that text cost a core while the benchmark sampled it.
/// </summary>
internal static partial class SocketDiagnostics
{
    private const int AddressFamilyNetlink = 16;
    private const int SocketRaw = 3;
    private const int SocketCloseOnExec = 0x80000;
    private const int NetlinkSockDiag = 4;
    private const ushort SockDiagByFamily = 20;
    private const ushort RequestDump = 0x1 | 0x300;
    private const ushort Done = 3;
    private const ushort Error = 2;
    private const int HeaderSize = 16;
    private const int TcpEstablished = 1;

    /// <summary>Each established TCP socket (IPv4 and IPv6) whose remote port is one of <paramref name="remotePorts"/>: that port and the socket's inode.</summary>
    public static List<(int RemotePort, long Inode)> Established(IReadOnlySet<int> remotePorts)
    {
        var found = new List<(int, long)>();
        var fd = socket(AddressFamilyNetlink, SocketRaw | SocketCloseOnExec, NetlinkSockDiag);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "Could not open a sock_diag netlink socket");
        }

        try
        {
            var buffer = new byte[64 * 1024];
            foreach (var family in new byte[] { 2, 10 })
            {
                Dump(fd, family, buffer, remotePorts, found);
            }
        }
        finally
        {
            _ = close(fd);
        }

        return found;
    }

    private static void Dump(int fd, byte family, byte[] buffer, IReadOnlySet<int> remotePorts, List<(int, long)> found)
    {
        // nlmsghdr, then inet_diag_req_v2: family, protocol, extensions, pad, states, and an all-zero socket id (48 bytes).
        var request = new byte[HeaderSize + 56];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), RequestDump);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), 1);
        request[HeaderSize] = family;
        request[HeaderSize + 1] = 6; // IPPROTO_TCP
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(HeaderSize + 4), 1u << TcpEstablished);
        if (send(fd, request, request.Length, 0) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "sock_diag request failed");
        }

        while (true)
        {
            var received = (int)recv(fd, buffer, buffer.Length, 0);
            if (received < 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "sock_diag read failed");
            }

            for (var offset = 0; offset + HeaderSize <= received;)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4));
                if (type == Done)
                {
                    return;
                }

                if (type == Error || length < HeaderSize)
                {
                    throw new IOException($"sock_diag answered with an error for address family {family}.");
                }

                // inet_diag_msg: family, state, timer, retransmits, then the id (source port, destination port in network
                // order, ...); the inode is at byte 68.
                var message = buffer.AsSpan(offset + HeaderSize);
                var remotePort = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
                if (remotePorts.Contains(remotePort))
                {
                    found.Add((remotePort, BinaryPrimitives.ReadUInt32LittleEndian(message[68..])));
                }

                offset += (length + 3) & ~3;
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte[] buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte[] buffer, nint length, int flags);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
