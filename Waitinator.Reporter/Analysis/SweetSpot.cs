namespace Waitinator.Reporter.Analysis;

/// <summary>
/// The experiment's answer in two configurations: the fastest (least median total time), and the cheapest whose median
/// total is within <see cref="Tolerance"/> of the fastest's (least peak worker memory, then fewest connections).
/// </summary>
public sealed record SweetSpot(ConfigurationResult Fastest, ConfigurationResult Cheapest)
{
    public const double Tolerance = 0.05;

    public static SweetSpot? Of(ExperimentResult experiment)
    {
        var timed = experiment.Configurations.Where(c => c.Spreads.TotalSeconds?.Median is not null).ToList();
        if (timed.Count == 0)
        {
            return null;
        }

        var fastest = timed.MinBy(c => c.Spreads.TotalSeconds!.Median)!;
        var limit = fastest.Spreads.TotalSeconds!.Median * (1 + Tolerance);
        var cheapest = timed
            .Where(c => c.Spreads.TotalSeconds!.Median <= limit)
            .OrderBy(c => c.Spreads.PeakWorkerMemoryMb?.Median ?? double.MaxValue)
            .ThenBy(c => (c.Spreads.PeakBrokerConnections?.Median ?? 0) + (c.Spreads.PeakRedisConnections?.Median ?? 0))
            .ThenBy(c => c.Spreads.TotalSeconds!.Median)
            .First();
        return new SweetSpot(fastest, cheapest);
    }
}
