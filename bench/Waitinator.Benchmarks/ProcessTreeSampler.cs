using System.Globalization;
using Waitinator.Processes;

namespace Waitinator.Benchmarks;

/// <summary>
/// Samples processes and their descendants from /proc while a benchmark runs: resident memory summed over the tree,
/// threads, and TCP connections to given server ports (the broker's and Redis's), each as a peak.
/// </summary>
internal sealed class ProcessTreeSampler(IReadOnlyList<int> rootPids, IReadOnlyDictionary<string, int> serverPorts) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, double> _cpuSeconds = new();
    private readonly Dictionary<string, int> _peakConnections = serverPorts.Keys.ToDictionary(name => name, _ => 0);
    private readonly ServerConnectionCounter _connections = new(serverPorts.Values);
    private List<int> _tree = [];
    private Task? _loop;

    public ProcessTreeSampler(int rootPid)
        : this([rootPid], new Dictionary<string, int>())
    {
    }

    public long PeakResidentBytes { get; private set; }

    /// <summary>
    /// Peak proportional set size summed over the tree (every 500 ms): a page shared by k processes counts 1/k in each, so
    /// libraries mapped by every child, or pages a forked child shares with its parent, count once.
    /// </summary>
    public long PeakProportionalBytes { get; private set; }

    public int PeakThreads { get; private set; }

    public int PeakProcesses { get; private set; }

    /// <summary>CPU time (user + system) the tree had used at the last sample, in seconds; children that exited earlier are not counted.</summary>
    public double CpuSeconds { get; private set; }

    /// <summary>Peak established connections to each named server, over the whole tree.</summary>
    public IReadOnlyDictionary<string, int> PeakConnections => _peakConnections;

    public void Start() => _loop = Task.Run(async () =>
    {
        // Memory every 100 ms; the process tree (a scan of every process on the machine) and sockets every 500 ms.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var tick = 0;
        do
        {
            var full = tick++ % 5 == 0;
            Sample(countSockets: full, rescanTree: full);
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
    });

    /// <summary>The tree's resident memory now, in bytes.</summary>
    public long ResidentBytesNow()
    {
        // The sampling loop updates the same CPU table from another thread.
        lock (_cpuSeconds)
        {
            return Tree().Sum(pid => Status(pid).Resident);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Sample(countSockets: true, rescanTree: true);
    }

    private void Sample(bool countSockets, bool rescanTree)
    {
        lock (_cpuSeconds)
        {
            SampleLocked(countSockets, rescanTree);
        }
    }

    private void SampleLocked(bool countSockets, bool rescanTree)
    {
        var tree = rescanTree || _tree.Count == 0 ? _tree = Tree() : KnownTree();
        if (tree.Count == 0)
        {
            return;
        }

        long resident = 0;
        var threads = 0;
        double cpu = 0;
        foreach (var pid in tree)
        {
            var status = Status(pid);
            resident += status.Resident;
            threads += status.Threads;
            cpu += _cpuSeconds.GetValueOrDefault(pid);
        }

        CpuSeconds = Math.Max(CpuSeconds, cpu);

        PeakResidentBytes = Math.Max(PeakResidentBytes, resident);
        PeakThreads = Math.Max(PeakThreads, threads);
        PeakProcesses = Math.Max(PeakProcesses, tree.Count);
        if (countSockets)
        {
            PeakProportionalBytes = Math.Max(PeakProportionalBytes, tree.Sum(ProportionalBytes));
        }

        if (countSockets && serverPorts.Count > 0)
        {
            var counts = _connections.Count(tree);
            foreach (var (name, port) in serverPorts)
            {
                _peakConnections[name] = Math.Max(_peakConnections[name], counts.GetValueOrDefault(port));
            }
        }
    }

    /// <summary>The tree found at the last scan, less the processes that have exited, with their CPU time read again.</summary>
    private List<int> KnownTree()
    {
        var alive = new List<int>(_tree.Count);
        foreach (var pid in _tree)
        {
            if (ProcStat.Read(pid) is { } stat)
            {
                _cpuSeconds[pid] = stat.CpuSeconds;
                alive.Add(pid);
            }
        }

        return alive;
    }

    /// <summary>The root and every descendant, from the parent ids in /proc/*/stat.</summary>
    private List<int> Tree()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ProcStat.Read(pid) is { } stat)
            {
                _cpuSeconds[pid] = stat.CpuSeconds;
                (children.TryGetValue(stat.Parent, out var list) ? list : children[stat.Parent] = []).Add(pid);
            }
        }

        var tree = new List<int>();
        var pending = new Stack<int>(rootPids.Where(pid => Directory.Exists($"/proc/{pid}")));
        while (pending.TryPop(out var pid))
        {
            tree.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }

        return tree;
    }

    /// <summary>Pss from /proc/PID/smaps_rollup, in bytes; 0 when the process is gone.</summary>
    private static long ProportionalBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static (long Resident, int Threads) Status(int pid) =>
        ProcessStatus.Read(pid) is { } status ? (status.ResidentBytes, status.Threads) : (0, 0);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
