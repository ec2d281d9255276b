using System.Text;

namespace Waitinator.Processes;

/// <summary>A process's environment as it was started, from /proc/PID/environ (readable for the same user, or root).</summary>
public static class ProcessEnvironment
{
    /// <summary>The variables, or null when the process has gone or its environment cannot be read.</summary>
    public static IReadOnlyDictionary<string, string>? Read(int pid)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                variables.TryAdd(entry[..equals], entry[(equals + 1)..]);
            }
        }

        return variables;
    }

    /// <summary>Whether the environment holds NAME=VALUE, found in the raw bytes without decoding the rest.</summary>
    public static bool Holds(int pid, string name, string value)
    {
        try
        {
            var marker = Encoding.UTF8.GetBytes($"{name}={value}\0");
            var raw = File.ReadAllBytes($"/proc/{pid}/environ").AsSpan();
            var at = raw.IndexOf(marker);
            return at == 0 || (at > 0 && raw[at - 1] == 0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process's command line, its arguments in order; empty once it has gone.</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
