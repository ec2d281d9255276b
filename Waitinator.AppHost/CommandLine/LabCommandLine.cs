using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using Waitinator.AppHost.Experiments;

namespace Waitinator.AppHost.CommandLine;

/// <summary>
/// The AppHost's command line, in the conventions of `dotnet` and the Aspire CLI: --help, --list, the modes as options,
/// and every other token (--Section:Key=value, Aspire's own switches) handed on to the configuration. Decides whether to
/// exit at once, with a code, or to start the lab with those configuration arguments.
/// </summary>
public sealed record LabCommandLine(int? ExitCode, string[] ConfigurationArguments)
{
    /// <summary>A command line the lab cannot run with, as a bad setting: nothing starts.</summary>
    public const int UsageError = LabSettingsException.ExitCode;

    private const int StartTheLab = -1;

    public static LabCommandLine Parse(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var experiment = new Option<string>("--experiment", "-e")
        {
            Description = "Run the experiment NAME (experiments/NAME.json, or a path to a .json file): each configuration in turn, repeated, then the report.",
            HelpName = "NAME",
        };
        var benchmark = new Option<string>("--benchmark")
        {
            Description = "Run engine benchmark scenarios (comma-separated: noop, wide, scale, slots, all): the .NET worker against Python Celery.",
            HelpName = "SCENARIOS",
        };
        var list = new Option<bool>("--list") { Description = "List the experiments and exit." };
        var settings = new Argument<string[]>("settings")
        {
            Description = "Settings as --Section:Key=value or --Section:Key value (Lab, Worker, ApiClient, TaskRecords, Producer, Api, Monitor, Telemetry; see docs/settings.md), and Aspire's own switches.",
                        Arity = ArgumentArity.ZeroOrMore,
        };

        var root = new RootCommand(
            "The Waitinator lab: RabbitMQ, Redis, the Api, queue workers, a producer and a monitor under Aspire, with its dashboard. "
            + "Modes: one run of the Worker settings (no mode option), an experiment (--experiment NAME), or an engine benchmark (--benchmark SCENARIOS).")
        {
            experiment,
            benchmark,
            list,
            settings,
        };
        // `--experiment --Worker:Concurrency=4` would take the setting for the name: a name never starts with a dash.
        foreach (var mode in new[] { experiment, benchmark })
        {
            mode.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string>() is { } value && value.StartsWith('-'))
                {
                    result.AddError($"{mode.Name} needs a {mode.HelpName} before {value}.");
                }
            });
        }

        root.Validators.Add(result =>
        {
            if (result.GetResult(experiment) is not null && result.GetResult(benchmark) is not null)
            {
                result.AddError("Run an experiment or a benchmark, not both (--experiment and --benchmark were both given).");
            }
        });

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new LabHelpAction((HelpAction)help.Action!, settings);

        string[] configuration = [];
        root.SetAction(parse =>
        {
            var tokens = parse.GetValue(settings) ?? [];
            if (parse.GetValue(list))
            {
                foreach (var summary in ExperimentCatalog.Find(ExperimentsDirectory(tokens)))
                {
                    parse.InvocationConfiguration.Output.WriteLine($"{summary.Name}\t{summary.Description}");
                }

                return 0;
            }

            if (Problems(tokens, root) is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    parse.InvocationConfiguration.Error.WriteLine(problem);
                }

                parse.InvocationConfiguration.Error.WriteLine("See --help for the modes, the experiments, the settings and examples.");
                return UsageError;
            }

            var modes = new List<string>();
            if (parse.GetValue(experiment) is { } name)
            {
                modes.Add($"--{LabSettings.SectionName}:{nameof(LabSettings.Experiment)}={name}");
            }

            if (parse.GetValue(benchmark) is { } scenarios)
            {
                modes.Add($"--{LabSettings.SectionName}:{nameof(LabSettings.Benchmark)}={scenarios}");
            }

            configuration = [.. tokens, .. modes];
            return StartTheLab;
        });

        var invocation = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // The errors alone, not the whole help after them; and 2, as for a bad setting, where the library returns 1.
            parseError.ShowHelp = false;
            parseResult.Invoke(invocation);
            invocation.Error.WriteLine("See --help for the modes, the experiments, the settings and examples.");
            return new LabCommandLine(UsageError, []);
        }

        var code = parseResult.Invoke(invocation);
        return code == StartTheLab ? new LabCommandLine(null, configuration) : new LabCommandLine(code, []);
    }

    /// <summary>The experiments folder: Lab:ExperimentsDirectory if the command line sets it, relative to the repository's root.</summary>
    public static string ExperimentsDirectory(IReadOnlyList<string> settings)
    {
        string? configured = null;
        try
        {
            configured = new ConfigurationBuilder().AddCommandLine([.. settings]).Build()[$"{LabSettings.SectionName}:{nameof(LabSettings.ExperimentsDirectory)}"];
        }
        catch (FormatException)
        {
            // A malformed token: the lab's own start names it; the help and the list take the default folder.
        }

        return Path.GetFullPath(configured ?? new LabSettings().ExperimentsDirectory, RepositoryRoot());
    }

    /// <summary>The repository's root, the AppHost project's parent, as the Aspire SDK records the project's path in the assembly.</summary>
    public static string RepositoryRoot()
    {
        var project = typeof(LabCommandLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "apphostprojectpath")?.Value ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(project, ".."));
    }

    /// <summary>
    /// Tokens the configuration would take silently and the lab would then run without: a bare word (not a value after
    /// --Key), and a --word close to one of the lab's own options (`--experimnt quick` would otherwise become the unused
    /// key "experimnt" and start the default run). Other --words pass: Aspire has switches of its own (--operation, ...).
    /// </summary>
    private static List<string> Problems(string[] tokens, RootCommand root)
    {
        var problems = new List<string>();
        var stray = tokens.Where((token, i) => !LooksLikeConfiguration(token) && !(i > 0 && IsKeyWithoutValue(tokens[i - 1]))).ToList();
        if (stray.Count > 0)
        {
            problems.Add($"Unrecognized argument(s): {string.Join(" ", stray)}. Settings are given as --Section:Key=value.");
        }

        var ours = root.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        foreach (var token in tokens.Where(t => t.StartsWith("--", StringComparison.Ordinal) && !t.Contains(':')).Select(t => t.Split('=')[0]))
        {
            if (NearestName.Find(token, ours, maxDistance: 2) is { } nearest)
            {
                problems.Add($"Unrecognized option '{token}'. Did you mean '{nearest}'?");
            }
        }

        return problems;
    }

    private static bool LooksLikeConfiguration(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('/') || token.Contains('=');

    private static bool IsKeyWithoutValue(string token) => token.StartsWith("--", StringComparison.Ordinal) && !token.Contains('=');
}
