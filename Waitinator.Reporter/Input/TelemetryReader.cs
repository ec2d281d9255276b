using System.Text.Json;

namespace Waitinator.Reporter.Input;

/// <summary>Reads the metric samples of a repetition's telemetry/ folder, skipping (and naming) lines it cannot parse.</summary>
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

        var files = Directory.GetFiles(telemetryFolder, "*.metrics.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            warnings.Add(telemetryFolder, "holds no *.metrics.jsonl file: no CPU, memory or connection figures for this repetition");
            return [];
        }

        return [.. files.SelectMany(file => ReadFile(file, warnings))];
    }

    public static IReadOnlyList<MetricSample> ReadFile(string path, ReportWarnings warnings)
    {
        var samples = new List<MetricSample>();
        var badLines = new List<int>();
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

                if (Parse(line) is not { } sample)
                {
                    badLines.Add(number);
                }
                else if (MetricNames.Used.Contains(sample.Metric!))
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

    /// <summary>A sample, or null when the line is not JSON or lacks a timestamp, a service or a metric name.</summary>
    private static MetricSample? Parse(string line)
    {
        try
        {
            var sample = JsonSerializer.Deserialize<MetricSample>(line, InputJson.Options);
            return sample is { Metric: not null, Service: not null } && sample.Timestamp != default ? sample : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
