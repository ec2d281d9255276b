using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>Draws every chart; a chart that fails is a warning, and a drawing library that cannot load stops the charts only.</summary>
public static class ChartWriter
{
    public static DrawnCharts DrawAll(ExperimentResult experiment, ReportPaths paths, ReportWarnings warnings)
    {
        IReadOnlyList<DrawnChart> comparisons;
        try
        {
            comparisons = [.. ComparisonCharts.Save(experiment, paths).Select(c => new DrawnChart(c.Title, c.Path))];
        }
        catch (Exception exception) when (IsLibraryFailure(exception))
        {
            warnings.Add($"No charts: the drawing library (ScottPlot/SkiaSharp) could not load: {exception.GetBaseException().Message}");
            return DrawnCharts.None;
        }

        var jobs = experiment.Configurations.SelectMany(c => c.Repetitions).SelectMany(r => r.Processes.Select(p => (Repetition: r, Process: p))).ToList();
        var drawn = new DrawnChart?[jobs.Count];
        // Charts are independent: draw them on every core.
        Parallel.For(0, jobs.Count, i =>
        {
            var (repetition, process) = jobs[i];
            var path = paths.ProcessChart(repetition.Configuration, repetition.Repetition, process.Name);
            try
            {
                ProcessChart.Save(repetition, process, path);
                drawn[i] = new DrawnChart(process.Name, path, repetition.Configuration, repetition.Repetition, process.Name);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                warnings.Add(path + ".png", $"chart not drawn: {exception.GetBaseException().Message}");
            }
        });
        return new DrawnCharts(comparisons, [.. drawn.OfType<DrawnChart>()]);
    }

    private static bool IsLibraryFailure(Exception exception) =>
        exception is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException;
}
