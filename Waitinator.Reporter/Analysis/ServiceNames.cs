namespace Waitinator.Reporter.Analysis;

/// <summary>
/// Service names in the telemetry: "worker-CONFIGURATION" in an experiment (supervisor and children of the process
/// model share it), plain "worker" in a single run from runs/.
/// </summary>
public static class ServiceNames
{
    public static bool IsWorker(string service) =>
        service == "worker" || service.StartsWith("worker-", StringComparison.Ordinal);
}
