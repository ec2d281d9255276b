using System.IO.Compression;
using Waitinator.Contracts.Results;
using Waitinator.Otlp;
using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Output;

/// <summary>
/// dashboard/CONFIGURATION-REPETITION.zip: a repetition's telemetry as the Aspire dashboard imports it (Settings, Manage,
/// Import logs and telemetry). The dashboard reads one OTLP/JSON document per .json file, not JSON lines: each file's
/// requests are merged into one, an entry SERVICE-PID.spans.json, .metrics.json or .logs.json. Results recorded in the
/// lab's older format give no archive.
/// </summary>
public static class DashboardArchives
{
    public static void Write(ExperimentLayout layout, ReportPaths paths)
    {
        foreach (var configuration in layout.Configurations)
        {
            foreach (var repetition in configuration.Repetitions.Where(r => Directory.Exists(r.Telemetry)))
            {
                var documents = Directory.GetFiles(repetition.Telemetry).Order(StringComparer.Ordinal)
                    .Select(file => (File: file, Signal: OtlpSignal.OfFile(file)))
                    .Where(f => f.Signal is not null)
                    .Select(f => (Name: Path.GetFileName(f.File)[..^"l".Length], Merged: f.Signal!.Merge(ReadLines(f.File))))
                    .Where(d => d.Merged.CalculateSize() > 0)
                    .ToList();
                if (documents.Count == 0)
                {
                    continue;
                }

                var archive = paths.DashboardArchive(configuration.Name, repetition.Name);
                Directory.CreateDirectory(paths.Dashboard);
                using (var zip = ZipFile.Open(archive, ZipArchiveMode.Create))
                {
                    foreach (var (name, merged) in documents)
                    {
                        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open());
                        writer.Write(OtlpJson.Format(merged));
                    }
                }
            }
        }
    }

    /// <summary>Lines of a file another process may still append to; an unreadable file gives none.</summary>
    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
