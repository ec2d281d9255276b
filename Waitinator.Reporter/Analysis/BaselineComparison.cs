using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// Whether a configuration's total times differ from the baseline's by more than the noise, assuming no distribution:
/// an interval for the ratio configuration / baseline from the order statistics of every pairwise ratio (a run of the
/// configuration over a run of the baseline), its coverage taken from the exact Mann-Whitney distribution. With 3 runs
/// against 3 the only interval is [smallest ratio, largest ratio] at 90%, and it excludes 1 only when every run of one
/// beat every run of the other (one-sided exact p = 0.05); 95% takes 4 runs a side (97.1%).
/// </summary>
public sealed record BaselineComparison(double LowerRatio, double UpperRatio, double Coverage, double MannWhitneyP, string Verdict)
{
    public const double AskedCoverage = 0.95;

    /// <summary>Below this the interval says too little to mark a difference: 3 runs a side reach 90%, 2 only 67%.</summary>
    public const double MinimumCoverage = 0.90;

    public const string Faster = "faster";
    public const string Slower = "slower";
    public const string NoClearDifference = "no clear difference";
    public const string TooFewRepetitions = "too few repetitions";

    public double LowerPercent => (LowerRatio - 1) * 100;

    public double UpperPercent => (UpperRatio - 1) * 100;

    /// <summary>The comparison, or null when either side has no run.</summary>
    public static BaselineComparison? Of(IReadOnlyList<double> baseline, IReadOnlyList<double> configuration)
    {
        int n = baseline.Count, m = configuration.Count;
        if (n == 0 || m == 0 || baseline.Any(b => b <= 0))
        {
            return null;
        }

        var ratios = (from b in baseline from c in configuration select c / b).Order().ToArray();
        // The k-th smallest and k-th largest ratio bound the interval: the largest k whose two tails, P(U <= k - 1) each,
        // stay within the 5% asked; when even k = 1 leaves more (few runs), k = 1 and the coverage says how much less.
        // Perfolizer's exact Cdf(n, m, u) is P(U < u).
        var cdf = MannWhitneyClassicExactCdf.Instance;
        var tail = (1 - AskedCoverage) / 2;
        var k = 1;
        while (k < ratios.Length / 2 && cdf.Cdf(n, m, k + 1) <= tail)
        {
            k++;
        }

        var coverage = 1 - (2 * cdf.Cdf(n, m, k));
        var (lower, upper) = (ratios[k - 1], ratios[^k]);
        var p = n > 1 || m > 1
            ? MannWhitneyTest.Instance.Perform(new Sample([.. configuration]), new Sample([.. baseline]), AlternativeHypothesis.TwoSides, Threshold.Zero).PValue.Value
            : 1.0;
        var verdict = coverage < MinimumCoverage - 1e-9 ? TooFewRepetitions
            : upper < 1 ? Faster
            : lower > 1 ? Slower
            : NoClearDifference;
        return new BaselineComparison(lower, upper, coverage, p, verdict);
    }
}
