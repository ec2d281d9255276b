using System.Security.Cryptography;
using System.Text;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// A task id derived from another (a name-based UUID, RFC 9562's version 5): a message the engine publishes more than once
/// (a chord callback fired again, a link published again after a crash) keeps one id when its signature was not given one,
/// so that its copies are known as copies.
/// </summary>
public static class DerivedTaskId
{
    // A fixed namespace of this engine's own, so that derived ids never meet ids derived by anyone else.
    private static readonly Guid Namespace = new("6d1f3c2e-94b5-4d5e-8a4f-2b7c9e1a0d33");

    public static string Of(string parentId, string role)
    {
        byte[] name = [.. Namespace.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes($"{parentId}/{role}")];
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what version 5 UUIDs are defined with; nothing here is a secret.
        SHA1.HashData(name, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
