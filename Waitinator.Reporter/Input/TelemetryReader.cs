using System.Globalization;
using Waitinator.Contracts.Telemetry;

namespace Waitinator.Reporter.Input;

/// <summary>
/// Reads the metrics files of a repetition's telemetry/ folder, OTLP/JSON lines or the lab's older JSON lines, line by
/// line, skipping (and naming) lines it cannot parse.
/// </summary>
public static class TelemetryReader
{
    private const int LinesNamedPerFile = 5;

    public static IReadOnlyList<MetricSample> ReadFolder(string telemetryFolder, ReportWarnings warnings)
    {
        if (!Directory.Exists(telemetryFolder))
        {
            warnings.Add(telemetryFolder, "missing: no CPU, memory or connection figures for this repetition");
            return [];
        }

        var files = Directory.GetFiles(telemetryFolder, TelemetryFiles.MetricsPattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            warnings.Add(telemetryFolder, $"holds no {TelemetryFiles.MetricsPattern} file: no CPU, memory or connection figures for this repetition");
            return [];
        }

        return [.. files.SelectMany(file => ReadFile(file, warnings))];
    }

    public static IReadOnlyList<MetricSample> ReadFile(string path, ReportWarnings warnings)
    {
        var samples = new List<MetricSample>();
        var badLines = new List<int>();
        var process = ProcessOfFileName(path);
        try
        {
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (OtlpMetricLine.IsOne(line))
                {
                    try
                    {
                        samples.AddRange(OtlpMetricLine.Samples(line, process));
                    }
                    catch (FormatException)
                    {
                        badLines.Add(number);
                    }
                }
                else if (LegacyMetricLine.Parse(line) is not { } sample)
                {
                    badLines.Add(number);
                }
                else if (MetricNames.Used.Contains(sample.Metric))
                {
                    samples.Add(sample);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            warnings.Add(path, $"unreadable ({exception.Message}): its samples are missing");
            return samples;
        }

        if (badLines.Count > 0)
        {
            var named = string.Join(", ", badLines.Take(LinesNamedPerFile));
            var more = badLines.Count > LinesNamedPerFile ? $" and {badLines.Count - LinesNamedPerFile} more" : "";
            warnings.Add(path, $"{badLines.Count} unreadable line(s) skipped (line {named}{more})");
        }

        return samples;
    }

    /// <summary>SERVICE-PID from SERVICE-PID.metrics.jsonl; (file name, 0) for a file named otherwise.</summary>
    private static (string Service, int Pid) ProcessOfFileName(string path)
    {
        var name = Path.GetFileName(path);
        var stem = name.EndsWith(TelemetryFiles.MetricsPattern[1..], StringComparison.Ordinal) ? name[..^(TelemetryFiles.MetricsPattern.Length - 1)] : name;
        var dash = stem.LastIndexOf('-');
        return dash > 0 && int.TryParse(stem[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? (stem[..dash], pid) : (stem, 0);
    }
}
