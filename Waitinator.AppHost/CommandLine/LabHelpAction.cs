using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using Waitinator.AppHost.Experiments;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.AppHost.CommandLine;

/// <summary>
/// The library's help (description, usage, options), then what a new user needs next: the experiments found with their
/// one-line descriptions, the main settings with their defaults, and examples. HelpBuilder is internal in
/// System.CommandLine 2 and 3, so this wraps the default HelpAction.
/// </summary>
public sealed class LabHelpAction(HelpAction defaultHelp, Argument<string[]> settings) : SynchronousCommandLineAction
{
    private static readonly LabSettings Lab = new();
    private static readonly WorkerOptions Worker = new();

    /// <summary>The settings a first run is most likely to change, with the records' own defaults; all of them: docs/settings.md.</summary>
    private static readonly (string Key, string Default, string Description)[] MainSettings =
    [
        ("Lab:ExitWhenDone", Text(Lab.ExitWhenDone), "Stop the lab once the run, experiment or benchmark is done; otherwise it stays up for the dashboard (./run.sh sets true)."),
        ("Lab:WorkerReplicas", Text(Lab.WorkerReplicas), "Worker processes in one run."),
        ("Lab:Infrastructure", Text(Lab.Infrastructure), "RabbitMQ and Redis as containers (Container), local executables (Executable), or containers when a runtime answers (Auto)."),
        ("Worker:ExecutionModel", Text(Worker.ExecutionModel), "Solo, Threads, Async or Process: Celery's solo, threads, gevent/eventlet and prefork."),
        ("Worker:Concurrency", Text(Worker.Concurrency), "Tasks at once per worker: threads, asynchronous slots or child processes."),
        ("Worker:PrefetchMultiplier", Text(Worker.PrefetchMultiplier), "Messages reserved per slot; 0 is unlimited."),
        ("Worker:Acks", Text(Worker.Acks), "Early or Late acknowledgement."),
        ("Api:TimeScale", Text(new ApiOptions().TimeScale), "Multiplies every sleep of the Api (180 to 210 s): 0.01 makes them about 2 s."),
        ("Producer:ChordSizes:0", Text(new ProducerOptions().EffectiveChordSizes[0]), "Header size of the first chord (:1 the second, and so on)."),
        ("Lab:ResultsDirectory", Lab.ResultsDirectory, "Where experiments and benchmarks keep their results, relative to the repository."),
    ];

    private static readonly (string Command, string Description)[] Examples =
    [
        ("./run.sh", "The quick experiment (about three minutes), then its tables and verdict."),
        ("./run.sh --experiment prefetch --Worker:Concurrency=8", "Another experiment in place of the quick one; settings after the mode (./run.sh adds --Lab:ExitWhenDone=true)."),
        ("dotnet run --project Waitinator.AppHost", "One run with the Worker settings, watched in the dashboard until Ctrl+C."),
        ("dotnet run --project Waitinator.AppHost -- --Worker:ExecutionModel=Process --Worker:Concurrency=4 --Api:TimeScale=0.01", "One run of a process worker of 4, with sleeps of about 2 s."),
        ("dotnet run --project Waitinator.AppHost -- --benchmark noop,wide --Lab:ExitWhenDone=true", "Two engine benchmark scenarios."),
        ("dotnet run --project Waitinator.AppHost -- --list", "The experiments, one a line."),
    ];

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = defaultHelp.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var directory = LabCommandLine.ExperimentsDirectory(parseResult.GetValue(settings) ?? []);
        output.WriteLine($"Experiments (--experiment NAME, from {Path.GetRelativePath(Environment.CurrentDirectory, directory)}):");
        var found = ExperimentCatalog.Find(directory);
        if (found.Count == 0)
        {
            output.WriteLine("  (none found)");
        }

        WriteTwoColumns(output, [.. found.Select(e => (e.Name, e.Description))]);
        output.WriteLine();
        output.WriteLine("Main settings (--Section:Key=value, shown with their defaults; every setting: docs/settings.md):");
        WriteTwoColumns(output, [.. MainSettings.Select(s => ($"--{s.Key}={s.Default}", s.Description))]);
        output.WriteLine();
        output.WriteLine("Examples:");
        foreach (var (command, description) in Examples)
        {
            output.WriteLine($"  {command}");
            foreach (var line in Wrap(description, defaultHelp.MaxWidth - 6))
            {
                output.WriteLine($"      {line}");
            }
        }

        output.WriteLine();
        return exitCode;
    }

    /// <summary>Names left, wrapped text right, as the library lays out options; wrapped at its width (the terminal's, none when redirected).</summary>
    private void WriteTwoColumns(TextWriter output, IReadOnlyList<(string Name, string Text)> rows)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length);
        var indent = new string(' ', width + 4);
        foreach (var (name, text) in rows)
        {
            var lines = Wrap(text, defaultHelp.MaxWidth - indent.Length);
            output.WriteLine($"  {name.PadRight(width)}  {lines[0]}");
            foreach (var line in lines.Skip(1))
            {
                output.WriteLine(indent + line);
            }
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > Math.Max(20, width))
            {
                lines.Add("");
            }

            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }

        return lines;
    }

    private static string Text(object value) => value is bool flag ? (flag ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
