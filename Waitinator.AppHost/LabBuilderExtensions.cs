using Waitinator.AppHost.Celery;
using Waitinator.AppHost.Experiments;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.AppHost;

public static class LabBuilderExtensions
{
    /// <summary>
    /// Checks that every key of the lab's sections is a setting and every value can be read, then reads and checks the
    /// Lab and Worker settings and the experiment (a bad setting stops the lab before any server starts, with one line
    /// per problem on stderr and exit code 2), picks containers or executables, and creates this run's folder.
    /// </summary>
    public static Lab LoadLab(this IDistributedApplicationBuilder builder)
    {
        try
        {
            return LoadLabOrThrow(builder);
        }
        catch (LabSettingsException exception)
        {
            foreach (var problem in exception.Message.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
            {
                Console.Error.WriteLine($"Invalid setting: {problem}");
            }

            Environment.Exit(LabSettingsException.ExitCode);
            throw; // Not reached.
        }
    }

    private static Lab LoadLabOrThrow(IDistributedApplicationBuilder builder)
    {
        if (SettingsSections.Problems(builder.Configuration) is { Count: > 0 } problems)
        {
            throw new LabSettingsException(string.Join(Environment.NewLine, problems));
        }

        var settings = LabSettings.Load(builder.Configuration);
        var worker = LoadWorkerOptions(builder.Configuration);
        var mode = ContainerRuntimeProbe.Resolve(settings.Infrastructure);
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var experiment = settings.Experiment is { Length: > 0 } name
            ? ExperimentDefinition.Load(name, Path.GetFullPath(settings.ExperimentsDirectory, repositoryRoot), repositoryRoot)
            : null;
        var celery = experiment?.Configurations.Any(c => c.Engine == WorkerEngine.Celery) == true
            ? CheckCelery(experiment, CeleryInstallation.Locate(settings, repositoryRoot))
            : null;
        var run = RunFolder.Create(settings.RunsDirectory, repositoryRoot);
        builder.MarkLabProcesses(run.Id);
        return new Lab(settings, mode, run, worker, experiment, celery);
    }

    /// <summary>Every Celery configuration's pool must import in the Python that will run it; a missing one names its Debian package.</summary>
    private static CeleryInstallation CheckCelery(ExperimentDefinition experiment, CeleryInstallation celery)
    {
        var celeryConfigurations = experiment.Configurations.Where(c => c.Engine == WorkerEngine.Celery).ToList();
        var missing = celery.Missing(["celery", "redis", .. celeryConfigurations.SelectMany(c => CeleryInstallation.ModulesFor(c.Pool!.Value))]).ToHashSet();
        var failures = new List<string>();
        foreach (var module in missing.Where(m => m is "celery" or "redis"))
        {
            failures.Add($"{experiment.Name}: the Celery engine needs the Python module {module}, which {celery.Python} cannot import: install {CeleryInstallation.PackageOf(module)} (apt-get install {CeleryInstallation.PackageOf(module)}).");
        }

        foreach (var configuration in celeryConfigurations)
        {
            foreach (var module in CeleryInstallation.ModulesFor(configuration.Pool!.Value).Where(missing.Contains))
            {
                failures.Add($"{experiment.Name}: configuration '{configuration.Name}': pool {configuration.Pool.Value.ToString().ToLowerInvariant()} needs the Python module {module}, which {celery.Python} cannot import: install {CeleryInstallation.PackageOf(module)} (apt-get install {CeleryInstallation.PackageOf(module)}).");
            }
        }

        return failures.Count == 0 ? celery : throw new LabSettingsException(string.Join(Environment.NewLine, failures));
    }

    private static WorkerOptions LoadWorkerOptions(IConfiguration configuration)
    {
        WorkerOptions options;
        try
        {
            options = configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        }
        catch (InvalidOperationException exception)
        {
            throw new LabSettingsException($"{WorkerOptions.SectionName} settings could not be read: {exception.Message}");
        }

        var validation = new WorkerOptionsValidator().Validate(null, options);
        return validation.Failed ? throw new LabSettingsException(string.Join(Environment.NewLine, validation.Failures)) : options;
    }
}
