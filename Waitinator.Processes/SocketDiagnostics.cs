using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Waitinator.Processes;

/// <summary>
/// Established TCP sockets from the kernel's sock_diag netlink interface (what `ss` reads): binary records, where
/// /proc/net/tcp formats a line of text for every socket on the machine. With 20,000 sockets open (10,000 tasks talking
/// to the Api) that text cost a core while the benchmark sampled it.
/// </summary>
public static partial class SocketDiagnostics
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

    /// <summary>Each established TCP socket (IPv4 and IPv6) whose remote port is one of <paramref name="remotePorts"/>: its ports and inode.</summary>
    public static List<EstablishedSocket> Established(IReadOnlySet<int> remotePorts)
    {
        var found = new List<EstablishedSocket>();
        var fd = socket(AddressFamilyNetlink, SocketRaw | SocketCloseOnExec, NetlinkSockDiag);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "Could not open a sock_diag netlink socket");
        }

        try
        {
            var buffer = new byte[64 * 1024];
            // The kernel fills and copies only the sockets to these ports, not the 20,000 to the Api.
            var filter = RemotePortFilter(remotePorts);
            foreach (var family in new byte[] { 2, 10 })
            {
                Dump(fd, family, filter, buffer, remotePorts, found);
            }
        }
        finally
        {
            _ = close(fd);
        }

        return found;
    }

    private static void Dump(int fd, byte family, byte[] filter, byte[] buffer, IReadOnlySet<int> remotePorts, List<EstablishedSocket> found)
    {
        // nlmsghdr, then inet_diag_req_v2: family, protocol, extensions, pad, states, and an all-zero socket id (48 bytes),
        // then the filter.
        var request = new byte[HeaderSize + 56 + filter.Length];
        filter.CopyTo(request, HeaderSize + 56);
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
                    found.Add(new EstablishedSocket(BinaryPrimitives.ReadUInt16BigEndian(message[4..]), remotePort, BinaryPrimitives.ReadUInt32LittleEndian(message[68..])));
                }

                offset += (length + 3) & ~3;
            }
        }
    }

    /// <summary>
    /// An INET_DIAG_REQ_BYTECODE attribute for "remote port is P1 or P2 or ...", laid out as `ss` compiles it: each test
    /// (an op with the bytes to jump when true and when false, then the port) falls through to an unconditional jump to
    /// the end when true, and skips that jump to the next test when false. Reaching the end exactly accepts the socket;
    /// the last test's false jump, 4 bytes past the end, rejects it. The kernel audits that every jump lands on an op.
    /// </summary>
    private static byte[] RemotePortFilter(IReadOnlySet<int> remotePorts)
    {
        const byte DestinationPortEquals = 12; // INET_DIAG_BC_D_EQ
        const byte Jump = 1; // INET_DIAG_BC_JMP
        const ushort Bytecode = 1; // INET_DIAG_REQ_BYTECODE
        var ports = remotePorts.Order().ToArray();
        if (ports.Length == 0)
        {
            return [];
        }

        var length = 12 * (ports.Length - 1) + 8;
        var attribute = new byte[4 + length];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)attribute.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), Bytecode);
        var code = attribute.AsSpan(4);
        for (var index = 0; index < ports.Length; index++)
        {
            var test = code[(12 * index)..];
            WriteOp(test, DestinationPortEquals, yes: 8, no: 12);
            WriteOp(test[4..], 0, 0, (ushort)ports[index]);
            if (index < ports.Length - 1)
            {
                WriteOp(test[8..], Jump, yes: 4, no: (ushort)(length - (12 * index + 8)));
            }
        }

        return attribute;

        static void WriteOp(Span<byte> op, byte opCode, byte yes, ushort no)
        {
            op[0] = opCode;
            op[1] = yes;
            BinaryPrimitives.WriteUInt16LittleEndian(op[2..], no);
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

/// <summary>An established TCP socket seen from this machine's side: its local port, the server's port, and its inode.</summary>
public readonly record struct EstablishedSocket(int LocalPort, int RemotePort, long Inode);
