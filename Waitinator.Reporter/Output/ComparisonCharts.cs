using ScottPlot;
using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>
/// Charts that compare configurations: a bar per configuration at the median of its repetitions, the whisker spanning
/// their minimum to maximum.
/// </summary>
public static class ComparisonCharts
{
    private const int Width = 900;
    private const int Height = 560;

    /// <summary>The charts drawn, as (title, path without extension), in the order the report shows them.</summary>
    public static IReadOnlyList<(string Title, string Path)> Save(ExperimentResult experiment, ReportPaths paths)
    {
        var configurations = experiment.Configurations;
        var saved = new List<(string Title, string Path)>();

        void Chart(string name, string title, string yLabel, Action<Plot> draw)
        {
            var plot = new Plot();
            ChartStyle.Apply(plot);
            draw(plot);
            plot.Title(title);
            plot.YLabel(yLabel);
            Label(plot, configurations);
            var path = paths.ComparisonChart(name);
            ChartFiles.Save(plot, path, Width, Height);
            saved.Add((title, path));
        }

        Chart("total-time", "Total time (both chords): median, min-max, and the ideal", "seconds", plot =>
        {
            Bars(plot, configurations, c => c.Spreads.TotalSeconds, "total time", Colors.SteelBlue, 0, 0.8);
            var ideal = configurations.Select((c, i) => (Position: i, c.Spreads.IdealSeconds?.Median)).Where(p => p.Median is not null).ToList();
            foreach (var (position, median) in ideal)
            {
                var line = plot.Add.Line(position - 0.45, median!.Value, position + 0.45, median.Value);
                line.LineWidth = 3;
                line.LinePattern = LinePattern.Dashed;
                line.Color = Colors.OrangeRed;
                line.LegendText = position == ideal[0].Position ? "ideal total (median)" : "";
            }
        });
        Chart("average-task-time", "Average task time: median, min-max", "seconds", plot =>
            Bars(plot, configurations, c => c.Spreads.MeanTaskSeconds, "average task", Colors.SeaGreen, 0, 0.8));
        Chart("peak-memory", "Peak memory of the worker processes (sum over processes)", "MB", plot =>
            Bars(plot, configurations, c => c.Spreads.PeakWorkerMemoryMb, "peak memory", Colors.MediumPurple, 0, 0.8));
        Chart("peak-cpu", "Peak CPU of the worker processes (sum over processes)", "cores", plot =>
            Bars(plot, configurations, c => c.Spreads.PeakWorkerCpuUtilization, "peak CPU", Colors.IndianRed, 0, 0.8));
        Chart("peak-connections", "Peak connections of the worker processes", "connections", plot =>
        {
            Bars(plot, configurations, c => c.Spreads.PeakBrokerConnections, "RabbitMQ", Colors.DarkOrange, -0.2, 0.4);
            Bars(plot, configurations, c => c.Spreads.PeakRedisConnections, "Redis", Colors.FireBrick, 0.2, 0.4);
        });
        return saved;
    }

    private static void Bars(Plot plot, IReadOnlyList<ConfigurationResult> configurations, Func<ConfigurationResult, Spread?> figure,
        string label, Color color, double offset, double width)
    {
        var present = configurations.Select((c, i) => (Position: i + offset, Spread: figure(c))).Where(p => p.Spread is not null).ToList();
        if (present.Count == 0)
        {
            return;
        }

        var bars = plot.Add.Bars(present.Select(p => new Bar { Position = p.Position, Value = p.Spread!.Median, Size = width, FillColor = color }).ToArray());
        bars.LegendText = label;
        var xs = present.Select(p => p.Position).ToArray();
        var none = new double[xs.Length];
        var whiskers = plot.Add.ErrorBar(xs, present.Select(p => p.Spread!.Median).ToArray(), none);
        whiskers.YErrorPositive = [.. present.Select(p => p.Spread!.Max - p.Spread.Median)];
        whiskers.YErrorNegative = [.. present.Select(p => p.Spread!.Median - p.Spread.Min)];
        whiskers.Color = Colors.Black;
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
    }

    private static void Label(Plot plot, IReadOnlyList<ConfigurationResult> configurations)
    {
        plot.Axes.Bottom.SetTicks([.. configurations.Select((_, i) => (double)i)], [.. configurations.Select(c => c.Name)]);
        if (configurations.Count > 4)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }

        plot.Axes.SetLimitsX(-0.6, configurations.Count - 0.4);
    }
}
