namespace Waitinator.Benchmarks.Engines;

/// <summary>One contender on one workload: N no-op tasks (ChordSize 0), or N waitinate tasks in chords of ChordSize.</summary>
internal sealed record Trial(string Scenario, Contender Contender, int Tasks, int ChordSize)
{
    public bool IsNoop => ChordSize == 0;

    public string Name => $"{Scenario} {Contender.Name} N={Tasks}";

    /// <summary>Chord sizes adding up to Tasks.</summary>
    public IEnumerable<int> Chords()
    {
        for (var left = Tasks; left > 0; left -= ChordSize)
        {
            yield return Math.Min(ChordSize, left);
        }
    }
}
