namespace Waitinator.AppHost.Experiments;

/// <summary>How far an experiment is, and the time left estimated from the median run so far.</summary>
internal sealed class ExperimentProgress(int totalRuns)
{
    private readonly List<TimeSpan> _durations = [];

    public int Done => _durations.Count;

    public void Completed(TimeSpan duration) => _durations.Add(duration);

    public string Remaining()
    {
        if (_durations.Count == 0)
        {
            return "unknown time";
        }

        var median = _durations.Order().ElementAt(_durations.Count / 2);
        var left = median * (totalRuns - _durations.Count);
        return left.TotalHours >= 1 ? $"about {left:h\\:mm\\:ss}" : $"about {left:m\\:ss}";
    }
}
