namespace Waitinator.Benchmarks.Engines;

/// <summary>One trial's repetitions reduced to medians (of the successful runs) and the range of its headline figure.</summary>
internal sealed record TrialSummary(Trial Trial, IReadOnlyList<RunFigures> Runs)
{
    public IReadOnlyList<RunFigures> Succeeded { get; } = Runs.Where(run => run.Succeeded).ToList();

    public bool HasFigures => Succeeded.Count > 0;

    public string? FirstError => Runs.FirstOrDefault(run => !run.Succeeded)?.Error;

    public double? Median(Func<RunFigures, double?> figure) => MedianOf(Succeeded.Select(figure).OfType<double>().ToList());

    public (double Min, double Max)? Range(Func<RunFigures, double?> figure)
    {
        var values = Succeeded.Select(figure).OfType<double>().ToList();
        return values.Count == 0 ? null : (values.Min(), values.Max());
    }

    public static double? MedianOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
