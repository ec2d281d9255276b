namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// One contender on one workload: N no-op tasks (ChordSize 0), N waitinate tasks in chords of ChordSize, the mixed
/// workload of long and short tasks, or no-op tasks published at Rate a second (latency).
/// </summary>
internal sealed record Trial(string Scenario, Contender Contender, int Tasks, int ChordSize, double? Rate = null)
{
    public bool IsNoop => Scenario == "noop";

    public bool IsMixed => Scenario == "mixed";

    public bool IsLatency => Scenario == "latency";

    public bool IsChords => !IsNoop && !IsMixed && !IsLatency;

    public string Name => IsMixed ? $"{Scenario} {Contender.Name} {Contender.Setting}"
        : IsLatency ? $"{Scenario} {Contender.Name} at {Rate:0}/s"
        : $"{Scenario} {Contender.Name} N={Tasks}";

    /// <summary>Chord sizes adding up to Tasks.</summary>
    public IEnumerable<int> Chords()
    {
        for (var left = Tasks; left > 0; left -= ChordSize)
        {
            yield return Math.Min(ChordSize, left);
        }
    }
}
