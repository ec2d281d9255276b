using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// The 50th, 95th and 99th percentiles of a set of per-task times, by linear interpolation between order statistics
/// (Hyndman and Fan's type 7: numpy's and pandas' default, Excel's PERCENTILE.INC), so that anyone can recompute them
/// from the worker database or the CSV. With few tasks p99 is close to the slowest one.
/// </summary>
public sealed record Percentiles(double P50, double P95, double P99, int Count)
{
    public const string Method = "linear interpolation between order statistics (Hyndman-Fan type 7, as numpy, pandas and Excel's PERCENTILE.INC)";

    private static readonly Probability[] Probabilities = [0.5, 0.95, 0.99];

    /// <summary>The percentiles, or null without values.</summary>
    public static Percentiles? Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var quantiles = SimpleQuantileEstimator.Instance.Quantiles(new Sample([.. values]), Probabilities);
        return new Percentiles(quantiles[0], quantiles[1], quantiles[2], values.Count);
    }
}
