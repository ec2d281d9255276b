using System.Globalization;
using System.Text;

using Waitinator.Contracts.Settings;

namespace Waitinator.Benchmarks.Engines;

/// <summary>The engine benchmark's tables in Markdown: each scenario's figures (medians over repetitions) and the .NET/Celery ratios.</summary>
internal static class BenchmarkReport
{
    public static string Markdown(IReadOnlyList<TrialSummary> trials, BenchmarkSettings settings, string? celeryNote)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Engine benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; {settings.Repetitions} repetitions interleaved; medians of the successful runs, [min, max] of the headline figure; Api sleeps {180 * settings.TimeScale:0.##}-{210 * settings.TimeScale:0.##} s (time scale {settings.TimeScale}).");
        text.AppendLine(
            "Memory is the worker's resident set summed over its processes (peak, sampled every 100 ms); connections are the worker's established TCP connections to RabbitMQ and Redis (peak, every 500 ms).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $".NET workers call the Api over {(settings.ApiProtocol == ApiProtocol.Http2 ? "HTTP/2 without TLS (h2c: the calls share multiplexed connections)" : "HTTP/1.1 (a connection per concurrent call)")}; Celery's tasks over HTTP/1.1 (urllib, a connection per call).");
        if (celeryNote is not null)
        {
            text.AppendLine();
            text.AppendLine(celeryNote);
        }

        foreach (var scenario in trials.GroupBy(t => t.Trial.Scenario))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {scenario.Key}");
            text.AppendLine();
            switch (scenario.Key)
            {
                case "noop":
                    Noop(text, scenario.ToList());
                    break;
                case "slots":
                    Slots(text, scenario.ToList());
                    break;
                default:
                    Chords(text, scenario.ToList());
                    break;
            }

            foreach (var failed in scenario.Where(t => t.Runs.Any(run => !run.Succeeded)))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {failed.Trial.Name}: {failed.Runs.Count(run => !run.Succeeded)} of {failed.Runs.Count} runs failed: {failed.FirstError}");
            }
        }

        return text.ToString();
    }

    private static void Noop(StringBuilder text, List<TrialSummary> trials)
    {
        text.AppendLine("| contender | family | tasks | tasks/s | range | CPU s | server CPU s | peak MB | broker / Redis conns | processes | runs ok |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var t in trials)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Trial.Contender.Name} | {t.Trial.Contender.Family} | {t.Trial.Tasks} | {F(t.Median(r => r.TasksPerSecond), "F0")} | {R(t.Range(r => r.TasksPerSecond), "F0")} | {F(t.Median(r => r.CpuSeconds), "F1")} | {F(t.Median(r => r.ServerCpuSeconds), "F1")} | {F(t.Median(r => r.PeakMegabytes), "F0")} | {Connections(t)} | {F(t.Median(r => r.PeakProcesses), "F0")} | {t.Succeeded.Count}/{t.Runs.Count} |");
        }

        var best = Best(trials, Engine.DotNet, t => t.Median(r => r.TasksPerSecond));
        var celery = Best(trials, Engine.Celery, t => t.Median(r => r.TasksPerSecond));
        if (best is not null && celery is not null)
        {
            var ratio = best.Median(r => r.TasksPerSecond) / celery.Median(r => r.TasksPerSecond);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Best .NET ({best.Trial.Contender.Name}, {F(best.Median(r => r.TasksPerSecond), "F0")}/s) against Celery's best pool ({celery.Trial.Contender.Name}, {F(celery.Median(r => r.TasksPerSecond), "F0")}/s): **{F(ratio, "F1")}x** (target: at least 10x).");
        }

        Counterparts(text, trials, t => t.Median(r => r.TasksPerSecond), "throughput, .NET / Celery", higherIsBetter: true);
    }

    private static void Chords(StringBuilder text, List<TrialSummary> trials)
    {
        text.AppendLine("| contender | family | tasks | total (s) | range | ideal (s) | total / ideal | floor / ideal | over floor | submit to last callback (s) | CPU s | server CPU s | idle MB | peak MB | broker / Redis conns | processes | runs ok |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var t in trials)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Trial.Contender.Name} | {t.Trial.Contender.Family} | {t.Trial.Tasks} | {F(t.Median(r => r.TotalSeconds), "F3")} | {R(t.Range(r => r.TotalSeconds), "F3")} | {F(t.Median(r => r.IdealSeconds), "F3")} | {F(t.Median(r => r.RatioToIdeal), "F3")} | {F(t.Median(r => r.FloorRatio), "F3")} | {F(t.Median(r => r.OverFloor), "F3")} | {F(t.Median(r => r.EndToEndSeconds), "F3")} | {F(t.Median(r => r.CpuSeconds), "F1")} | {F(t.Median(r => r.ServerCpuSeconds), "F1")} | {F(t.Median(r => r.IdleMegabytes), "F0")} | {F(t.Median(r => r.PeakMegabytes), "F0")} | {Connections(t)} | {F(t.Median(r => r.PeakProcesses), "F0")} | {t.Succeeded.Count}/{t.Runs.Count} |");
        }

        if (trials.Any(t => t.Median(r => r.FloorRatio) is not null))
        {
            text.AppendLine();
            text.AppendLine(
                "Floor: before each run with a slot per task, the same workload goes through RabbitMQ to a consumer that only acknowledges, with no worker running. No task starts before its message is delivered, "
                + "so (first submit to last delivery + the longest sleep) / ideal is the best total / ideal any worker could reach on this broker and machine: a bound for the medians, "
                + "as the machine's load moves from one moment to the next and a single run can end below its own floor. "
                + "Over floor: the median of each run's total / ideal less its own floor, the worker's part apart from the machine's.");
        }

        Counterparts(text, trials, t => t.Median(r => r.RatioToIdeal), "total / ideal, Celery / .NET", higherIsBetter: false);
        Counterparts(text, trials, t => t.Median(r => r.PeakMegabytes), "peak memory, Celery / .NET", higherIsBetter: false);
        PerExtraTask(text, trials);
    }

    /// <summary>How memory grows with concurrent tasks: the slope between the smallest and the largest N of each contender kind.</summary>
    private static void PerExtraTask(StringBuilder text, List<TrialSummary> trials)
    {
        foreach (var kind in trials.GroupBy(t => (t.Trial.Contender.Engine, t.Trial.Contender.Model)).Where(g => g.Count() > 1))
        {
            var ordered = kind.Where(t => t.HasFigures).OrderBy(t => t.Trial.Tasks).ToList();
            if (ordered.Count < 2)
            {
                continue;
            }

            var (low, high) = (ordered[0], ordered[^1]);
            var perTask = (high.Median(r => r.PeakMegabytes) - low.Median(r => r.PeakMegabytes)) * 1024 / (high.Trial.Tasks - low.Trial.Tasks);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {(kind.Key.Engine == Engine.DotNet ? "dotnet" : "celery")} {kind.Key.Model}: {F(perTask, "F1")} KB per extra concurrent task (peak memory from N = {low.Trial.Tasks} to N = {high.Trial.Tasks}); total / ideal {F(low.Median(r => r.RatioToIdeal), "F3")} -> {F(high.Median(r => r.RatioToIdeal), "F3")} (floor {F(high.Median(r => r.FloorRatio), "F3")}, over floor {F(high.Median(r => r.OverFloor), "F3")}).");
        }
    }

    private static void Slots(StringBuilder text, List<TrialSummary> trials)
    {
        text.AppendLine("| model | family | low C | peak MB | high C | peak MB | KB per busy slot | total / ideal at high C | runs ok |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var pair in trials.GroupBy(t => (t.Trial.Contender.Engine, t.Trial.Contender.Model)))
        {
            var ordered = pair.OrderBy(t => t.Trial.Contender.Concurrency).ToList();
            var (low, high) = (ordered[0], ordered[^1]);
            var perSlot = SlotKilobytes(low, high);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {(pair.Key.Engine == Engine.DotNet ? "dotnet" : "celery")} {pair.Key.Model} | {low.Trial.Contender.Family} | {low.Trial.Contender.Concurrency} | {F(low.Median(r => r.PeakMegabytes), "F0")} | {high.Trial.Contender.Concurrency} | {F(high.Median(r => r.PeakMegabytes), "F0")} | {F(perSlot, "F0")} | {F(high.Median(r => r.RatioToIdeal), "F3")} | {low.Succeeded.Count + high.Succeeded.Count}/{low.Runs.Count + high.Runs.Count} |");
        }
    }

    public static double? SlotKilobytes(TrialSummary low, TrialSummary high) =>
        (high.Median(r => r.PeakMegabytes) - low.Median(r => r.PeakMegabytes)) * 1024 / (high.Trial.Contender.Concurrency - low.Trial.Contender.Concurrency);

    /// <summary>Each .NET figure beside its Celery counterparts: same family, same number of tasks.</summary>
    private static void Counterparts(StringBuilder text, List<TrialSummary> trials, Func<TrialSummary, double?> figure, string title, bool higherIsBetter)
    {
        var lines = new List<string>();
        foreach (var dotnet in trials.Where(t => t.Trial.Contender.Engine == Engine.DotNet))
        {
            foreach (var celery in trials.Where(t => t.Trial.Contender.Engine == Engine.Celery && t.Trial.Contender.Family == dotnet.Trial.Contender.Family && t.Trial.Tasks == dotnet.Trial.Tasks))
            {
                var ratio = higherIsBetter ? figure(dotnet) / figure(celery) : figure(celery) / figure(dotnet);
                if (ratio is not null)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{dotnet.Trial.Contender.Name} vs {celery.Trial.Contender.Name}: {ratio:F2}x"));
                }
            }
        }

        if (lines.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Counterparts ({title}; above 1 favours .NET): {string.Join("; ", lines)}.");
            text.AppendLine();
        }
    }

    private static TrialSummary? Best(List<TrialSummary> trials, Engine engine, Func<TrialSummary, double?> figure) =>
        trials.Where(t => t.Trial.Contender.Engine == engine && figure(t) is not null).MaxBy(t => figure(t));

    private static string Connections(TrialSummary t) =>
        $"{F(t.Median(r => r.PeakBrokerConnections), "F0")} / {F(t.Median(r => r.PeakRedisConnections), "F0")}";

    private static string F(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string R((double Min, double Max)? range, string format) =>
        range is { } r ? $"[{r.Min.ToString(format, CultureInfo.InvariantCulture)}, {r.Max.ToString(format, CultureInfo.InvariantCulture)}]" : "-";
}
