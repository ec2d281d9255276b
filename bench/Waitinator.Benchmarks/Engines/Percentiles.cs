namespace Waitinator.Benchmarks.Engines;

/// <summary>p50, p95, p99 and the largest of a set of values (nearest rank: each is a value that was measured).</summary>
internal sealed record Percentiles(double P50, double P95, double P99, double Max)
{
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null : new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double quantile) => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    public Percentiles Times(double factor) => new(P50 * factor, P95 * factor, P99 * factor, Max * factor);
}
