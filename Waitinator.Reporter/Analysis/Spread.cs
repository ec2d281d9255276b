namespace Waitinator.Reporter.Analysis;

/// <summary>A figure across a configuration's repetitions: its median and its range.</summary>
public sealed record Spread(double Median, double Min, double Max, int Count)
{
    /// <summary>The spread of the values present, or null when there is none.</summary>
    public static Spread? Of(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Count);
    }
}
