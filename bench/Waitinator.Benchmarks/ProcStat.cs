using System.Globalization;

namespace Waitinator.Benchmarks;

/// <summary>One process's line in /proc/PID/stat: its parent and the CPU time it has used (user + system).</summary>
internal readonly record struct ProcStat(int Parent, double CpuSeconds)
{
    /// <summary>USER_HZ: Linux reports process CPU time in ticks of 1/100 s on every architecture .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>The process's stat, or null once it has gone.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after it. The parent is field 4,
            // utime and stime fields 14 and 15: 1, 11 and 12 after the name.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcStat(int.Parse(fields[1], CultureInfo.InvariantCulture), ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
