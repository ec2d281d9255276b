namespace Waitinator.Reporter.Input;

/// <summary>configuration.json (or an entry of experiment.json): one worker set-up the experiment measured.</summary>
public sealed record ConfigurationManifest
{
    public string? Name { get; init; }

    /// <summary>dotnet (the lab's engine; also when the file predates engines) or celery.</summary>
    public string? Engine { get; init; }

    public string? ExecutionModel { get; init; }

    /// <summary>Celery's pool (prefork, gevent, eventlet, threads, solo).</summary>
    public string? Pool { get; init; }

    public bool IsCelery => string.Equals(Engine, "celery", StringComparison.OrdinalIgnoreCase);

    /// <summary>The engine as the tables name it: ".NET" or "Celery".</summary>
    public string EngineName => IsCelery ? "Celery" : ".NET";

    /// <summary>Celery's pool, or the .NET engine's execution model, in lower case.</summary>
    public string? PoolName => (IsCelery ? Pool : ExecutionModel)?.ToLowerInvariant();

    public int? Concurrency { get; init; }

    public int? PrefetchMultiplier { get; init; }

    public string? AckMode { get; init; }

    public int? Replicas { get; init; }

    public IReadOnlyList<int>? Chords { get; init; }

    /// <summary>Tasks the worker set runs at once: concurrency times replicas.</summary>
    public int? Slots => Concurrency is { } concurrency ? concurrency * (Replicas ?? 1) : null;

    /// <summary>The workers' shape: "async 16", or "async 3x2" for 3 replicas of concurrency 2.</summary>
    public string Label
    {
        get
        {
            var pool = PoolName ?? "unknown";
            return Concurrency is not { } concurrency ? pool
                : Replicas is > 1 ? $"{pool} {Replicas}x{concurrency}"
                : $"{pool} {concurrency}";
        }
    }

    /// <summary>Like ".NET process 2x4, prefetch 1, Early acks", leaving out what is unknown.</summary>
    public string Describe()
    {
        var parts = new List<string> { $"{EngineName} {Label}" };
        if (PrefetchMultiplier is { } prefetch)
        {
            parts.Add($"prefetch {prefetch}");
        }

        if (AckMode is { } acks)
        {
            parts.Add($"{acks} acks");
        }

        return string.Join(", ", parts);
    }
}
