using Waitinator.Contracts.Settings;

namespace Waitinator.Benchmarks.Engines;

/// <summary>The engine benchmark's command-line settings.</summary>
internal sealed record BenchmarkSettings(
    IReadOnlyList<string> Scenarios,
    int Repetitions,
    double TimeScale,
    bool IncludeCelery,
    int NoopTasks,
    int CeleryNoopTasks,
    int WideTasks,
    IReadOnlyList<int> ScaleTasks,
    string? Only,
    int WarmUpTasks,
    ApiProtocol ApiProtocol,
    string Output);
