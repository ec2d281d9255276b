using System.Globalization;

namespace Waitinator.Processes;

/// <summary>What /proc/PID/status says of a process's memory and threads.</summary>
public readonly record struct ProcessStatus(long ResidentBytes, int Threads)
{
    /// <summary>The status, or null once the process has gone.</summary>
    public static ProcessStatus? Read(int pid)
    {
        long resident = 0;
        var threads = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    resident = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }

        return new ProcessStatus(resident, threads);
    }
}
