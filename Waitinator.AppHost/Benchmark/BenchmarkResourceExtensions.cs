using System.Globalization;

namespace Waitinator.AppHost.Benchmark;

/// <summary>
/// The engine benchmark as a resource: it gets the lab's RabbitMQ and Redis and starts the Api, the .NET workers and
/// the Celery workers it compares as processes of its own, so that it can sample each one's memory and sockets.
/// </summary>
public static class BenchmarkResourceExtensions
{
    public static void AddBenchmark(
        this IDistributedApplicationBuilder builder,
        Lab lab,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend)
    {
        var output = Path.Combine(
            Path.GetFullPath(lab.Settings.ResultsDirectory, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."))),
            "benchmarks",
            DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var scenarios = lab.Settings.Benchmark!.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = (lab.Settings.BenchmarkOptions ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var benchmark = builder.AddProject<Projects.Waitinator_Benchmarks>("benchmark")
            .WithArgs(["engines", .. scenarios, .. options, "--output", output])
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend);
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<BenchmarkCompletion>(services, lab, benchmark.Resource, output));
    }
}
