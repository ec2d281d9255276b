namespace Waitinator.Reporter.Input;

/// <summary>configuration.json (or an entry of experiment.json): one worker set-up the experiment measured.</summary>
public sealed record ConfigurationManifest
{
    public string? Name { get; init; }

    public string? ExecutionModel { get; init; }

    public int? Concurrency { get; init; }

    public int? PrefetchMultiplier { get; init; }

    public string? AckMode { get; init; }

    public int? Replicas { get; init; }

    public IReadOnlyList<int>? Chords { get; init; }

    /// <summary>Tasks the worker set runs at once: concurrency times replicas.</summary>
    public int? Slots => Concurrency is { } concurrency ? concurrency * (Replicas ?? 1) : null;

    /// <summary>Like "Process x4, 2 replicas, prefetch 1, Early acks", leaving out what is unknown.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        var model = ExecutionModel ?? "unknown model";
        parts.Add(Concurrency is { } concurrency ? $"{model} x{concurrency}" : model);
        if (Replicas is > 1)
        {
            parts.Add($"{Replicas} replicas");
        }

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
