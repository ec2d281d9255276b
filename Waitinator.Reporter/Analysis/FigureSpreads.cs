namespace Waitinator.Reporter.Analysis;

/// <summary>Each figure of <see cref="RepetitionFigures"/> across the repetitions of one configuration.</summary>
public sealed record FigureSpreads(
    Spread? TaskCount,
    Spread? MeanTaskSeconds,
    Spread? TotalSeconds,
    Spread? IdealSeconds,
    Spread? RatioToIdeal,
    Spread? LowerBoundSeconds,
    Spread? PeakWorkerMemoryMb,
    Spread? PeakWorkerCpuUtilization,
    Spread? PeakBrokerConnections,
    Spread? PeakRedisConnections,
    Spread? RerunTasks)
{
    public static FigureSpreads Of(IReadOnlyList<RepetitionFigures> figures) => new(
        Spread.Of(figures.Select(f => (double?)f.TaskCount)),
        Spread.Of(figures.Select(f => f.MeanTaskSeconds)),
        Spread.Of(figures.Select(f => f.TotalSeconds)),
        Spread.Of(figures.Select(f => f.IdealSeconds)),
        Spread.Of(figures.Select(f => f.RatioToIdeal)),
        Spread.Of(figures.Select(f => f.LowerBoundSeconds)),
        Spread.Of(figures.Select(f => f.PeakWorkerMemoryMb)),
        Spread.Of(figures.Select(f => f.PeakWorkerCpuUtilization)),
        Spread.Of(figures.Select(f => f.PeakBrokerConnections)),
        Spread.Of(figures.Select(f => f.PeakRedisConnections)),
        Spread.Of(figures.Select(f => (double?)f.RerunTasks)));
}
