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
}
