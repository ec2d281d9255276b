using System.Globalization;

namespace Waitinator.Processes;

/// <summary>
/// One process's line in /proc/PID/stat: its parent, the CPU time it has used in user and system mode, and when it started
/// (in clock ticks since boot), which tells a process from a later one given the same id.
/// </summary>
public readonly record struct ProcStat(int Parent, double UserSeconds, double SystemSeconds, long StartTicks, string Name)
{
    /// <summary>USER_HZ: Linux reports process CPU time in ticks of 1/100 s on every architecture .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    public double CpuSeconds => UserSeconds + SystemSeconds;

    /// <summary>The process's stat, or null once it has gone.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after it. The parent is field 4,
            // utime and stime fields 14 and 15, starttime field 22: 1, 11, 12 and 19 after the name.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return new ProcStat(
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) / ClockTicksPerSecond,
                long.Parse(fields[12], CultureInfo.InvariantCulture) / ClockTicksPerSecond,
                long.Parse(fields[19], CultureInfo.InvariantCulture),
                stat[(open + 1)..close]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The ids of every process on the machine now.</summary>
    public static IEnumerable<int> AllProcessIds()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }
}
