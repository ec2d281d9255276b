using System.Globalization;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>How the tables write numbers: invariant culture, a fixed number of decimals, "n/a" for what is unknown.</summary>
public static class ReportFormat
{
    public const string Missing = "n/a";

    /// <summary>Seconds to the millisecond: "2.152".</summary>
    public static string Seconds(double? seconds) => Number(seconds, "F3");

    /// <summary>Total over ideal: "1.030".</summary>
    public static string Ratio(double? ratio) => Number(ratio, "F3");

    public static string Megabytes(double? megabytes) => Number(megabytes, "F1");

    public static string Cores(double? cores) => Number(cores, "F2");

    public static string Count(double? count) => Number(count, "0.##");

    /// <summary>Change against the baseline with its sign, one decimal: "-46.3%", "+5.0%", "0.0%".</summary>
    public static string Improvement(double? percent) =>
        percent is { } value ? Math.Round(value, 1).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : Missing;

    /// <summary>
    /// The interval of the change against the baseline, with its coverage: "[-62.0%, -58.1%] 90%"; "-" for the baseline.
    /// </summary>
    public static string Interval(BaselineComparison? comparison, bool isBaseline) =>
        isBaseline ? "-"
        : comparison is null ? Missing
        : $"[{Improvement(comparison.LowerPercent)}, {Improvement(comparison.UpperPercent)}] {(comparison.Coverage * 100).ToString("0.#", CultureInfo.InvariantCulture)}%";

    /// <summary>faster, slower, no clear difference, too few repetitions; "baseline" for the baseline.</summary>
    public static string Verdict(BaselineComparison? comparison, bool isBaseline) =>
        isBaseline ? "baseline" : comparison?.Verdict ?? Missing;

    /// <summary>The range of a figure over the repetitions: "[2.100, 2.200]"; a single repetition has none.</summary>
    public static string Range(Spread? spread, Func<double?, string> format) =>
        spread is null ? Missing : spread.Count < 2 ? "-" : $"[{format(spread.Min)}, {format(spread.Max)}]";

    private static string Number(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : Missing;
}
