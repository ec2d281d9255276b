using Waitinator.Reporter.Analysis;
using Waitinator.Reporter.Output;

namespace Waitinator.Tests;

/// <summary>The reporter's arithmetic on small made-up series whose answers are known by hand.</summary>
public sealed class ReporterAnalysisTests
{
    [Fact]
    public void A_cumulative_cpu_counter_becomes_cores_used_per_wall_second()
    {
        // 0.5 CPU seconds per second for 4 s, then 1.5 per second: half a core, then one and a half.
        var cpu = SampleSeries.From([(0.0, 10.0), (2.0, 11.0), (4.0, 12.0), (5.0, 13.5), (6.0, 15.0)])!;

        Assert.Equal(0.5, cpu.RateOver(1, 2)!.Value, 9);
        Assert.Equal(0.5, cpu.RateOver(3, 4)!.Value, 9);
        Assert.Equal(1.0, cpu.RateOver(3.5, 4.5)!.Value, 9); // half a second of each
        Assert.Equal(1.5, cpu.RateOver(5, 6)!.Value, 9);
        Assert.Null(cpu.RateOver(6, 7)); // past the last sample
        Assert.Equal(0.5, cpu.RateOver(-1, 1)!.Value, 9); // clipped to the first sample
    }

    [Fact]
    public void A_level_holds_until_the_next_sample_and_not_forever()
    {
        var memory = SampleSeries.From([(10.0, 100.0), (11.0, 120.0), (12.0, 90.0)])!;

        Assert.Null(memory.LevelAt(9.5));
        Assert.Equal(100, memory.LevelAt(10.0));
        Assert.Equal(100, memory.LevelAt(10.9));
        Assert.Equal(90, memory.LevelAt(13.0));
        Assert.Null(memory.LevelAt(12.0 + memory.StaleAfterSeconds + 0.1));
    }

    [Fact]
    public void Peak_memory_of_a_worker_set_is_the_highest_sum_at_one_second_not_the_sum_of_each_ones_peak()
    {
        var origin = DateTimeOffset.UnixEpoch;
        ProcessTimeline Worker(int pid, params double[] memory) => new("worker-process-2", pid,
            [.. memory.Select((mb, second) => new TimelinePoint(second, origin.AddSeconds(second), null, null, mb, null, null, null, null, null))]);
        var processes = new[] { Worker(1, 100, 300, 100), Worker(2, 250, 100, 250), Worker(3, 10, 10, 10) };

        Assert.Equal(410, ResourcePeaks.PeakOfSum(processes, p => p.MemoryMb));
        Assert.Equal(410, ResourcePeaks.Of(processes).WorkerMemoryMb);
        Assert.Null(ResourcePeaks.Of([Worker(1, 1) with { Service = "api" }]).WorkerMemoryMb);
    }

    [Fact]
    public void Spread_is_median_min_and_max_of_the_values_present()
    {
        Assert.Equal(new Spread(2.5, 1, 4, 4), Spread.Of([4, 1, null, 3, 2]));
        Assert.Equal(new Spread(3, 1, 9, 3), Spread.Of([9, 1, 3]));
        Assert.Null(Spread.Of([null]));
    }

    [Theory]
    [InlineData(-46.04, "-46.0%")]
    [InlineData(12.35, "+12.4%")]
    [InlineData(0.0, "0.0%")]
    [InlineData(-0.04, "0.0%")]
    public void Improvement_is_written_with_its_sign_and_one_decimal(double percent, string expected) =>
        Assert.Equal(expected, ReportFormat.Improvement(percent));

    [Fact]
    public void Three_runs_that_each_beat_every_baseline_run_are_faster_with_a_90_percent_interval_from_the_extreme_ratios()
    {
        // 3 vs 3 runs: 20 equally likely orderings, P(every run below every baseline run) = 1/20 a side, so [min, max] of
        // the 9 ratios covers 1 - 2/20 = 90%. Ratios by hand: 6.1 / 10.5 = 0.58095, 6.9 / 10.1 = 0.68317.
        var clear = BaselineComparison.Of([10.2, 10.5, 10.1], [6.3, 6.9, 6.1])!;

        Assert.Equal(6.1 / 10.5, clear.LowerRatio, 12);
        Assert.Equal(6.9 / 10.1, clear.UpperRatio, 12);
        Assert.Equal(0.90, clear.Coverage, 9);
        Assert.Equal(BaselineComparison.Faster, clear.Verdict);
        Assert.Equal(0.10, clear.MannWhitneyP, 9); // the smallest two-sided exact p that 3 vs 3 can give

        var slower = BaselineComparison.Of([6.3, 6.9, 6.1], [10.2, 10.5, 10.1])!;
        Assert.Equal(BaselineComparison.Slower, slower.Verdict);
    }

    [Fact]
    public void Overlapping_runs_show_no_clear_difference_and_two_runs_a_side_are_too_few()
    {
        var noisy = BaselineComparison.Of([10.2, 10.5, 10.1], [10.0, 10.6, 9.9])!;
        Assert.Equal(9.9 / 10.5, noisy.LowerRatio, 12);
        Assert.Equal(10.6 / 10.1, noisy.UpperRatio, 12);
        Assert.Equal(BaselineComparison.NoClearDifference, noisy.Verdict);

        // 2 vs 2: 6 orderings, one a side with every run below: [min, max] covers 1 - 2/6, too little to call it.
        var two = BaselineComparison.Of([10.2, 10.5], [6.3, 6.9])!;
        Assert.Equal(2.0 / 3, two.Coverage, 9);
        Assert.Equal(BaselineComparison.TooFewRepetitions, two.Verdict);
        Assert.Null(BaselineComparison.Of([], [1.0]));
    }

    [Fact]
    public void Four_runs_a_side_reach_97_percent_and_five_leave_out_the_extreme_ratios()
    {
        // 4 vs 4: 70 orderings, 1/70 a side: [min, max] at 1 - 2/70; the next ratios in would leave 2/70 > 2.5% a side.
        var four = BaselineComparison.Of([10, 11, 12, 13], [5, 6, 7, 8])!;
        Assert.Equal(1 - (2.0 / 70), four.Coverage, 9);
        Assert.Equal(5.0 / 13, four.LowerRatio, 12);
        Assert.Equal(BaselineComparison.Faster, four.Verdict);

        // 5 vs 5: 252 orderings; P(U <= 1) = 2/252 and P(U <= 2) = 4/252 stay under 2.5%, P(U <= 3) = 7/252 does not:
        // the interval runs from the 3rd smallest to the 3rd largest of the 25 ratios, at 1 - 2 * 4/252.
        var five = BaselineComparison.Of([10, 11, 12, 13, 14], [5, 6, 7, 8, 9])!;
        var ratios = (from b in new double[] { 10, 11, 12, 13, 14 } from c in new double[] { 5, 6, 7, 8, 9 } select c / b).Order().ToList();
        Assert.Equal(ratios[2], five.LowerRatio, 12);
        Assert.Equal(ratios[^3], five.UpperRatio, 12);
        Assert.Equal(1 - (8.0 / 252), five.Coverage, 9);
    }

    [Fact]
    public void Percentiles_interpolate_between_order_statistics_as_numpy_and_excel_do()
    {
        // Type 7: position (n - 1) p, e.g. p95 of 1..4 sits at 2.85, between 3 and 4.
        var percentiles = Percentiles.Of([4.0, 1.0, 3.0, 2.0])!;

        Assert.Equal(2.5, percentiles.P50, 12);
        Assert.Equal(3.85, percentiles.P95, 12);
        Assert.Equal(3.97, percentiles.P99, 12);
        Assert.Equal(4, percentiles.Count);
        Assert.Null(Percentiles.Of([]));
    }
}
