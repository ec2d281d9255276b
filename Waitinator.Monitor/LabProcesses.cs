using Waitinator.Processes;

namespace Waitinator.Monitor;

/// <summary>
/// Finds the lab's processes on this machine: the AppHost gives every resource it starts the variable WAITINATOR_LAB
/// (this lab's id) and WAITINATOR_RESOURCE (its name), and every child inherits them (Celery's prefork children, the
/// process model's children, Erlang's helpers). A process's environment is read once, when it is first seen.
/// </summary>
public sealed class LabProcesses(string? labId)
{
    public const string LabVariable = "WAITINATOR_LAB";
    public const string ResourceVariable = "WAITINATOR_RESOURCE";

    // Keyed by pid and start time: a later process given a recycled id is looked at afresh.
    private readonly Dictionary<(int Pid, long Start), LabProcess?> _seen = [];
    private readonly Dictionary<long, int> _socketOwners = [];

    private readonly Lock _gate = new();
    private IReadOnlyList<LabProcess> _current = [];

    /// <summary>The lab's processes of this machine, identified by the lab id in this process's own environment.</summary>
    public LabProcesses()
        : this(Environment.GetEnvironmentVariable(LabVariable) is { Length: > 0 } id ? id : null)
    {
    }

    /// <summary>False when the monitor was not started by the lab: no lab id to look for.</summary>
    public bool Enabled => labId is not null;

    /// <summary>The processes found by the last <see cref="Scan"/>.</summary>
    public IReadOnlyList<LabProcess> Current => Volatile.Read(ref _current);

    /// <summary>The lab's processes running now, with their stat as read in this scan.</summary>
    public IReadOnlyList<(LabProcess Process, ProcStat Stat)> Scan()
    {
        lock (_gate)
        {
            var found = ScanLocked();
            Volatile.Write(ref _current, [.. found.Select(f => f.Process)]);
            return found;
        }
    }

    private List<(LabProcess Process, ProcStat Stat)> ScanLocked()
    {
        if (labId is null)
        {
            return [];
        }

        var found = new List<(LabProcess, ProcStat)>();
        var alive = new HashSet<(int, long)>();
        foreach (var pid in ProcStat.AllProcessIds())
        {
            if (ProcStat.Read(pid) is not { } stat)
            {
                continue;
            }

            var key = (pid, stat.StartTicks);
            alive.Add(key);
            if (!_seen.TryGetValue(key, out var process))
            {
                _seen[key] = process = Identify(pid, stat);
            }

            if (process is not null)
            {
                found.Add((process with { ParentPid = stat.Parent }, stat));
            }
        }

        foreach (var gone in _seen.Keys.Where(key => !alive.Contains(key)).ToList())
        {
            _seen.Remove(gone);
        }

        return found;
    }

    /// <summary>
    /// The lab process holding each socket inode asked for (a socket a forked child inherited is its parent's: the lowest
    /// id wins); inodes found once are remembered, since a connection keeps its socket.
    /// </summary>
    public IReadOnlyDictionary<long, LabProcess> OwnersOf(IReadOnlyCollection<long> inodes)
    {
        lock (_gate)
        {
            return OwnersOfLocked(inodes, Current);
        }
    }

    private Dictionary<long, LabProcess> OwnersOfLocked(IReadOnlyCollection<long> inodes, IReadOnlyList<LabProcess> processes)
    {
        var missing = inodes.Where(inode => !_socketOwners.ContainsKey(inode)).ToHashSet();
        if (missing.Count > 0)
        {
            foreach (var process in processes.OrderBy(p => p.Pid))
            {
                foreach (var inode in TcpConnections.SocketInodes(process.Pid))
                {
                    if (missing.Remove(inode))
                    {
                        _socketOwners[inode] = process.Pid;
                    }
                }

                if (missing.Count == 0)
                {
                    break;
                }
            }
        }

        var byPid = processes.ToDictionary(p => p.Pid);
        var owners = new Dictionary<long, LabProcess>();
        foreach (var inode in inodes)
        {
            if (_socketOwners.TryGetValue(inode, out var pid) && byPid.TryGetValue(pid, out var owner))
            {
                owners[inode] = owner;
            }
        }

        return owners;
    }

    /// <summary>
    /// Aspire starts each .NET project through `dotnet run`, which waits for the project's own process: the launcher is the
    /// orchestrator's tooling, not the lab's, and counting it would add a hundred megabytes to every service.
    /// </summary>
    private static bool IsLauncher(int pid) =>
        ProcessEnvironment.CommandLine(pid) is [var program, "run", ..] && Path.GetFileName(program) == "dotnet";

    private LabProcess? Identify(int pid, ProcStat stat)
    {
        if (!ProcessEnvironment.Holds(pid, LabVariable, labId!) || IsLauncher(pid) || ProcessEnvironment.Read(pid) is not { } environment)
        {
            return null;
        }

        var resource = environment.GetValueOrDefault(ResourceVariable) ?? environment.GetValueOrDefault("OTEL_SERVICE_NAME") ?? stat.Name;
        return new LabProcess(pid, stat.Parent, stat.Name, resource, stat.StartTicks);
    }
}
