using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Waitinator.Tests.Lab;

/// <summary>
/// What an earlier lab of this test run left running. An AppHost exits before DCP has stopped its resources (10-20 s
/// here after SIGTERM or SIGKILL, longer under load), so a lab started right after it met the last one's DCP, servers,
/// Api and workers on the same 2 cores. Every process a lab starts inherits a marker from the test host's environment;
/// before a lab starts, and after one ends, the tests wait until no marked process is left but the test host's own
/// children (the shared servers), and kill what is still there after a minute.
/// </summary>
internal static class LabLeftovers
{
    private const string Variable = "WAITINATOR_TEST_RUN";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes($"{Variable}={Mark()}\0");

    /// <summary>Waits until no process of an earlier lab runs; kills those that outlive the patience.</summary>
    public static async Task WaitUntilGoneAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Find() is { Count: > 0 } left)
        {
            if (DateTime.UtcNow > deadline)
            {
                foreach (var pid in left)
                {
                    Kill(pid);
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static string Mark()
    {
        var marker = Environment.GetEnvironmentVariable(Variable) ?? Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(Variable, marker);
        return marker;
    }

    /// <summary>
    /// Marked processes other than this one, except epmd (Erlang's port mapper daemonises and outlives every broker) and
    /// this process's own children, unless DCP started them: DCP and all below it belong to a lab.
    /// </summary>
    private static List<int> Find()
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                parents[pid] = stat;
            }
        }

        var self = Environment.ProcessId;
        return [.. parents.Keys.Where(pid => pid != self && parents[pid].Name != "epmd" && OfALab(Lineage(pid, parents).ToList(), self) && IsMarked(pid))];
    }

    /// <summary>A lab's process: DCP or below it, or no longer below the test host (its AppHost is gone).</summary>
    private static bool OfALab(List<(int Pid, string Name)> lineage, int self) =>
        lineage.Any(p => p.Name == "dcp") || !lineage.Skip(1).Any(p => p.Pid == self);

    /// <summary>The process and its ancestors, up to init.</summary>
    private static IEnumerable<(int Pid, string Name)> Lineage(int pid, Dictionary<int, (int Parent, string Name)> parents)
    {
        for (var current = pid; current > 1 && parents.TryGetValue(current, out var stat); current = stat.Parent)
        {
            yield return (current, stat.Name);
        }
    }

    /// <summary>/proc/PID/stat: "PID (NAME) STATE PPID ..."; the name may hold spaces and parentheses, so it ends at the last ')'.</summary>
    private static (int Parent, string Name)? ReadStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), stat[(open + 1)..close]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null; // Gone meanwhile, or not ours to read.
        }
    }

    private static bool IsMarked(int pid)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid}/environ").AsSpan().IndexOf(Marker) >= 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone meanwhile.
        }
    }
}
