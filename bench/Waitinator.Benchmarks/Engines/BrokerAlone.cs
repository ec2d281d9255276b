namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// A chord trial's workload published with no worker consuming: the publisher and RabbitMQ alone, on the
/// machine as it is just before the measured run. With a slot per task no task can start before its message is
/// confirmed, so this plus the longest sleep is the best total any worker could reach on this broker and machine.
/// </summary>
internal static class BrokerAlone
{
    /// <summary>Seconds from the first submit to the last confirm, on a reset broker and backend; the caller resets them again.</summary>
    public static async Task<double> MeasureAsync(BenchmarkLab lab, Trial trial, CancellationToken cancellationToken)
    {
        var publishing = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(trial.Chords().Select(size => lab.Chords.SubmitAsync("waitinate", size, "summarize", cancellationToken)));
        return publishing.Elapsed.TotalSeconds;
    }
}
