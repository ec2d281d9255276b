namespace Waitinator.FaultCampaign.Faults;

/// <summary>
/// A lane of the nemesis's schedule, drawn from the seed alone, so that a campaign that found a violation can be run
/// again with the same faults in the same order: every kind of the lane once first, in a seeded order, then kinds at
/// random. Most outages are short; a few last <c>maxOutage</c>, over the workers' outage tolerance when it allows.
/// </summary>
public static class FaultSchedule
{
    /// <summary>An endless schedule of <paramref name="kinds"/>: the campaign stops taking from it when its time is up.</summary>
    public static IEnumerable<Fault> Draw(int seed, IReadOnlyList<string> kinds, int workers, int poisonKinds, TimeSpan maxOutage)
    {
        var random = new Random(seed);
        var firstRound = kinds.OrderBy(_ => random.Next()).ToList();
        var poisons = 0;
        for (var index = 0; ; index++)
        {
            var kind = index < firstRound.Count ? firstRound[index] : kinds[random.Next(kinds.Count)];
            // Poison kinds in turn, so that a short campaign sends several different ones.
            var target = kind == FaultKind.Poison ? poisons++ % poisonKinds : random.Next(workers);
            var lasting = kind switch
            {
                FaultKind.RabbitKill or FaultKind.RabbitTerm or FaultKind.RedisKill or FaultKind.RedisTerm =>
                    random.NextDouble() < 0.1 ? maxOutage : Seconds(random, 1, Math.Min(8, maxOutage.TotalSeconds)),
                FaultKind.ApiFail or FaultKind.ApiSlow or FaultKind.ApiRefuse => Seconds(random, 3, 10),
                FaultKind.WorkerKill or FaultKind.WorkerTerm => Seconds(random, 0.5, 3),
                FaultKind.ProducerKill => Seconds(random, 0.5, 3),
                _ => TimeSpan.Zero,
            };
            yield return new Fault(kind, target, lasting, Seconds(random, 1, 5));
            if (kind == FaultKind.Poison)
            {
                // A poison message is cheap: send another of the next kind soon after.
                yield return new Fault(kind, poisons++ % poisonKinds, TimeSpan.Zero, Seconds(random, 0.5, 2));
            }
        }
    }

    private static TimeSpan Seconds(Random random, double from, double to) => TimeSpan.FromSeconds(from + (random.NextDouble() * (to - from)));
}
