namespace Waitinator.Reporter.Output;

/// <summary>The charts that were drawn (paths without extension), for the report pages to show and link.</summary>
public sealed record DrawnCharts(IReadOnlyList<DrawnChart> Comparisons, IReadOnlyList<DrawnChart> Processes)
{
    public static readonly DrawnCharts None = new([], []);
}
