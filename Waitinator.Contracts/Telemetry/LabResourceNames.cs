namespace Waitinator.Contracts.Telemetry;

/// <summary>
/// The lab's resources as they name themselves in telemetry (service.name): worker-CONFIGURATION and
/// producer-CONFIGURATION in an experiment, plain worker and producer in a single run.
/// </summary>
public static class LabResourceNames
{
    public const string Worker = "worker";
    public const string Producer = "producer";
    public const string Api = "api";
    public const string Monitor = "monitor";
    public const string Reporter = "reporter";

    public static string WorkerOf(string configuration) => $"{Worker}-{configuration}";

    public static string ProducerOf(string configuration) => $"{Producer}-{configuration}";

    /// <summary>A worker's process, whichever engine and however many replicas or children.</summary>
    public static bool IsWorker(string service) => service == Worker || service.StartsWith(Worker + "-", StringComparison.Ordinal);
}
