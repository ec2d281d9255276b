using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.AppHost.Experiments;

/// <summary>An experiment file from experiments/: the configurations to run in turn, how often, at what time scale.</summary>
public sealed partial record ExperimentDefinition
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file's name without .json unless the file says otherwise; names the results folder.</summary>
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    /// <summary>The Api's time scale: 1 sleeps the original 180-210 s, 0.01 about 2 s.</summary>
    public double TimeScale { get; init; } = 0.01;

    public int Repetitions { get; init; } = 1;

    public int[] Chords { get; init; } = [7, 3];

    /// <summary>Seconds a repetition's producer waits for its chords before it fails the repetition; unset takes Producer:Timeout.</summary>
    public double? Timeout { get; init; }

    public ExperimentConfiguration[] Configurations { get; init; } = [];

    /// <summary>
    /// Finds `name` in the experiments folder (or takes a path to a .json file, from the current folder or else the
    /// repository's root), reads it and checks every configuration.
    /// </summary>
    public static ExperimentDefinition Load(string nameOrPath, string experimentsDirectory, string? repositoryRoot = null)
    {
        var path = nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? File.Exists(nameOrPath) || repositoryRoot is null ? Path.GetFullPath(nameOrPath) : Path.GetFullPath(nameOrPath, repositoryRoot)
            : Path.Combine(experimentsDirectory, nameOrPath + ".json");
        if (!File.Exists(path))
        {
            var known = Directory.Exists(experimentsDirectory)
                ? string.Join(", ", Directory.GetFiles(experimentsDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order())
                : "none";
            throw new LabSettingsException($"No experiment '{nameOrPath}': {path} does not exist. Experiments in {experimentsDirectory}: {known}.");
        }

        ExperimentDefinition definition;
        try
        {
            definition = JsonSerializer.Deserialize<ExperimentDefinition>(File.ReadAllText(path), Json)
                ?? throw new LabSettingsException($"{path} is empty.");
        }
        catch (JsonException exception)
        {
            throw new LabSettingsException($"{path} is not a valid experiment: {Explain(exception)}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LabSettingsException($"{path} could not be read: {exception.Message}");
        }

        if (string.IsNullOrEmpty(definition.Name))
        {
            definition = definition with { Name = Path.GetFileNameWithoutExtension(path) };
        }

        definition = definition with
        {
            // JSON may say null where the record has a default: treat it as empty, so the checks below name it.
            Configurations = [.. (definition.Configurations ?? []).Select(c => c with
            {
                Chords = c.Chords ?? definition.Chords,
                // The file as it ran names the .NET engine's model even where it took the default.
                ExecutionModel = c.Engine == WorkerEngine.Dotnet ? c.ExecutionModel ?? ExecutionModel.Async : c.ExecutionModel,
            })],
        };
        var failures = definition.Check().ToList();
        return failures.Count == 0
            ? definition
            : throw new LabSettingsException($"{path} has errors:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <summary>Names the field and, for a field of fixed choices, the choices: the serializer's own message names a .NET type.</summary>
    private static string Explain(JsonException exception)
    {
        var field = exception.Path?.Split('.')[^1];
        Type? choices = field switch
        {
            "engine" => typeof(WorkerEngine),
            "pool" => typeof(CeleryPool),
            "execution_model" => typeof(ExecutionModel),
            "ack_mode" => typeof(AckMode),
            _ => null,
        };
        return choices is null
            ? exception.Message
            : $"{exception.Path}: {field} must be one of {string.Join(", ", Enum.GetNames(choices).Select(name => name.ToLowerInvariant()))}.";
    }

    private IEnumerable<string> Check()
    {
        if (!SafeName().IsMatch(Name))
        {
            yield return $"name '{Name}' must be lower-case letters, digits and dashes.";
        }

        if (TimeScale is <= 0 or > 1)
        {
            yield return $"time_scale must be above 0 and at most 1 (got {TimeScale}).";
        }

        if (Repetitions is < 1 or > 100)
        {
            yield return $"repetitions must be 1 to 100 (got {Repetitions}).";
        }

        if (Timeout is <= 0)
        {
            yield return $"timeout must be a number of seconds above 0 (got {Timeout}).";
        }

        if (Configurations.Length == 0)
        {
            yield return "configurations is empty: list at least one.";
        }

        foreach (var duplicate in Configurations.GroupBy(c => c.Name).Where(g => g.Count() > 1))
        {
            yield return $"configuration '{duplicate.Key}' appears {duplicate.Count()} times.";
        }

        foreach (var configuration in Configurations)
        {
            var where = $"configuration '{configuration.Name}'";
            if (!SafeName().IsMatch(configuration.Name))
            {
                yield return $"{where}: name must be lower-case letters, digits and dashes.";
            }

            if (configuration.Replicas is < 1 or > 64)
            {
                yield return $"{where}: replicas must be 1 to 64 (got {configuration.Replicas}).";
            }

            if (configuration.Chords is not { Length: > 0 } chords || chords.Any(size => size < 1))
            {
                yield return $"{where}: chords must list header sizes of 1 or more.";
            }

            foreach (var problem in configuration.Engine == WorkerEngine.Celery ? CheckCelery(configuration) : CheckDotnet(configuration))
            {
                yield return $"{where}: {problem}";
            }
        }
    }

    private static IEnumerable<string> CheckDotnet(ExperimentConfiguration configuration)
    {
        if (configuration.Pool is not null)
        {
            yield return "pool is Celery's setting: set \"engine\": \"celery\", or use execution_model for the .NET engine.";
        }

        if (configuration.BrokerHeartbeat is < 0 or > 3600)
        {
            yield return $"broker_heartbeat must be 0 (off) to 3600 seconds (got {configuration.BrokerHeartbeat}).";
        }

        var worker = new WorkerOptionsValidator().Validate(null, configuration.ToWorkerOptions());
        if (worker.Failed)
        {
            yield return worker.FailureMessage;
        }
    }

    private static IEnumerable<string> CheckCelery(ExperimentConfiguration configuration)
    {
        if (configuration.Pool is null)
        {
            yield return $"pool is required for the Celery engine: one of {string.Join(", ", Enum.GetNames<CeleryPool>().Select(p => p.ToLowerInvariant()))}.";
        }

        if (configuration.ExecutionModel is not null)
        {
            yield return "execution_model is the .NET engine's setting: a Celery configuration names its pool.";
        }

        if (configuration.Concurrency is < 1 or > 10_000)
        {
            yield return $"concurrency must be 1 to 10000 (got {configuration.Concurrency}).";
        }

        if (configuration.Pool == CeleryPool.Solo && configuration.Concurrency != 1)
        {
            yield return $"concurrency must be 1 for the solo pool, which runs one task at a time (got {configuration.Concurrency}).";
        }

        if (configuration.PrefetchMultiplier < 0)
        {
            yield return $"prefetch_multiplier must be 0 (unlimited) or more (got {configuration.PrefetchMultiplier}).";
        }

        if (configuration.BrokerHeartbeat is < 0 or > 3600)
        {
            yield return $"broker_heartbeat must be 0 (off) to 3600 seconds (got {configuration.BrokerHeartbeat}).";
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,40}$")]
    private static partial Regex SafeName();
}
