namespace Waitinator.Reporter.Analysis;

/// <summary>
/// One time series of a process (seconds on the repetition's clock, value), sorted by time, read either as a level
/// (the last value holds until the next sample) or as a cumulative counter (linear between samples).
/// </summary>
public sealed class SampleSeries
{
    private readonly double[] _times;
    private readonly double[] _values;

    private SampleSeries(double[] times, double[] values)
    {
        _times = times;
        _values = values;
        var intervals = times.Zip(times.Skip(1), (a, b) => b - a).Order().ToList();
        var typical = intervals.Count == 0 ? 1.0 : intervals[intervals.Count / 2];
        // A level older than a few sampling intervals says the process stopped reporting (or stopped).
        StaleAfterSeconds = Math.Max(2.5, 2.5 * typical);
    }

    public double StaleAfterSeconds { get; }

    public double First => _times[0];

    public double Last => _times[^1];

    /// <summary>The series, or null without points; of several points at one time the last counts.</summary>
    public static SampleSeries? From(IEnumerable<(double Time, double Value)> points)
    {
        var sorted = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Time).ToList();
        var times = new List<double>(sorted.Count);
        var values = new List<double>(sorted.Count);
        foreach (var (time, value) in sorted)
        {
            if (times.Count > 0 && times[^1] == time)
            {
                values[^1] = value;
                continue;
            }

            times.Add(time);
            values.Add(value);
        }

        return times.Count == 0 ? null : new SampleSeries([.. times], [.. values]);
    }

    /// <summary>The last value at or before <paramref name="time"/>; null before the first sample or once stale.</summary>
    public double? LevelAt(double time)
    {
        var index = LastIndexAtOrBefore(time);
        return index < 0 || time - _times[index] > StaleAfterSeconds ? null : _values[index];
    }

    /// <summary>
    /// The counter's rate over (from, to], per second: cumulative CPU seconds per wall second is the number of cores used.
    /// Null where the samples do not cover the interval (or cover less than half a second of it) or the counter went back.
    /// </summary>
    public double? RateOver(double from, double to)
    {
        from = Math.Max(from, First);
        if (to > Last || to - from < 0.5)
        {
            return null;
        }

        var rate = (Interpolate(to) - Interpolate(from)) / (to - from);
        return rate < 0 ? null : rate;
    }

    private double Interpolate(double time)
    {
        var index = LastIndexAtOrBefore(time);
        if (index >= _times.Length - 1)
        {
            return _values[^1];
        }

        var share = (time - _times[index]) / (_times[index + 1] - _times[index]);
        return _values[index] + share * (_values[index + 1] - _values[index]);
    }

    private int LastIndexAtOrBefore(double time)
    {
        var index = Array.BinarySearch(_times, time);
        return index >= 0 ? index : ~index - 1;
    }
}
