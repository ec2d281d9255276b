using ScottPlot;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>One process over a repetition: CPU, memory, connections and in-flight tasks, stacked on one time axis.</summary>
public static class ProcessChart
{
    private const int Width = 1000;
    private const int Height = 900;

    /// <summary>The same padding on every panel keeps their time axes aligned; the legends go in the right margin.</summary>
    private static readonly PixelPadding Padding = new(left: 80, right: 200, bottom: 30, top: 30);

    public static void Save(RepetitionResult repetition, ProcessTimeline process, string pathWithoutExtension)
    {
        var multiplot = new Multiplot();
        while (multiplot.Subplots.Count < 4)
        {
            multiplot.AddPlot();
        }

        var plots = multiplot.GetPlots();
        plots[0].Title($"{process.Name}: {repetition.Configuration}, repetition {repetition.Repetition}");
        Panel(plots[0], process, "CPU (cores)", fromZero: true, new Series(p => p.CpuUtilization, "CPU"));
        Panel(plots[1], process, "memory (MB)", fromZero: false, new Series(p => p.MemoryMb, "working set"));
        Panel(plots[2], process, "connections", fromZero: true,
            new Series(p => p.ServerBrokerConnections, "RabbitMQ (server)"),
            new Series(p => p.ServerRedisConnections, "Redis (server)"),
            new Series(p => p.BrokerConnections, "RabbitMQ (own)", LinePattern.Dashed),
            new Series(p => p.RedisConnections, "Redis (own)", LinePattern.Dashed));
        Panel(plots[3], process, "tasks in flight", fromZero: true, new Series(p => p.TasksInFlight, "tasks in flight"));
        plots[3].XLabel("seconds since the run started (dashed: first task start, last task end)");

        foreach (var plot in plots)
        {
            MarkTaskWindow(plot, repetition);
            plot.Layout.Fixed(plot == plots[^1] ? Padding with { Bottom = 50 } : plot == plots[0] ? Padding with { Top = 40 } : Padding);
            if (repetition.Clock is { } clock)
            {
                // One time axis for all panels and all processes of the repetition: the clean data's window.
                plot.Axes.SetLimitsX(clock.WindowStartSeconds, clock.WindowEndSeconds);
            }
        }
        ChartFiles.Save(multiplot, pathWithoutExtension, Width, Height);
    }

    private static void Panel(Plot plot, ProcessTimeline process, string yLabel, bool fromZero, params Series[] series)
    {
        ChartStyle.Apply(plot);
        plot.YLabel(yLabel);
        var highest = 0.0;
        foreach (var (value, label, pattern) in series)
        {
            var points = process.Points.Where(p => value(p) is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Seconds).ToArray(), points.Select(p => value(p)!.Value).ToArray());
            line.LegendText = label;
            line.LinePattern = pattern;
            line.MarkerSize = points.Count == 1 ? 6 : 0;
            highest = Math.Max(highest, points.Max(p => value(p)!.Value));
        }

        if (plot.GetPlottables().Any())
        {
            plot.ShowLegend(Edge.Right);
        }

        if (fromZero)
        {
            // Counts and CPU read best against zero; a flat line at 0 (or no line) still gets a visible axis.
            plot.Axes.SetLimitsY(0, highest > 0 ? highest * 1.1 : 1);
        }
    }

    /// <summary>Dashed lines where the first task started and the last one ended.</summary>
    private static void MarkTaskWindow(Plot plot, RepetitionResult repetition)
    {
        if (repetition is not { Tasks: { } tasks, Clock: { } clock })
        {
            return;
        }

        foreach (var time in new[] { tasks.FirstStart, tasks.LastEnd })
        {
            plot.Add.VerticalLine(clock.SecondsOf(time), 1, Colors.Gray, LinePattern.Dashed);
        }
    }

    private sealed record Series(Func<TimelinePoint, double?> Value, string Label, LinePattern Pattern)
    {
        public Series(Func<TimelinePoint, double?> value, string label)
            : this(value, label, LinePattern.Solid)
        {
        }
    }
}
