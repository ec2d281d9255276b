using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waitinator.AppHost.Infrastructure;
using Waitinator.Monitor;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The monitor's polling is plumbing: it makes no spans, and its successful calls log nothing (the dashboard test reads
/// that from a whole lab). A poll that fails must still be heard: here the monitor runs in-process with the lab's
/// service defaults against a management API that refuses every connection.
/// </summary>
public sealed class MonitorPollingTests
{
    [Fact]
    public async Task A_failing_poll_logs_its_warnings_and_makes_no_span()
    {
        var telemetry = Directory.CreateTempSubdirectory("waitinator-monitor-telemetry-");
        var management = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/"); // Nothing listens there.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "Waitinator.Monitor" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "monitor",
            ["Telemetry:ExportDirectory"] = telemetry.FullName,
            ["ConnectionStrings:broker"] = $"amqp://waitinator:secret@127.0.0.1:{LoopbackPorts.Free()}/",
            ["ConnectionStrings:backend"] = $"127.0.0.1:{LoopbackPorts.Free()},password=secret",
            ["Monitor:BrokerManagementUrl"] = management.ToString(),
        });
        builder.Logging.AddFakeLogging();
        builder.AddServiceDefaults();
        builder.AddServerMonitor();

        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logs = host.Services.GetFakeLogCollector();
            // The standard resilience handler retries three times with growing pauses before the sample fails.
            await Eventually.WaitUntilAsync(
                () => logs.GetSnapshot().Any(log => log.Message.StartsWith("Server sample failed", StringComparison.Ordinal)),
                TimeSpan.FromMinutes(1),
                () => string.Join("\n", logs.GetSnapshot().Select(log => $"{log.Level} {log.Category}: {log.Message}")));
            // Stopping flushes the span exporter.
            await host.StopAsync();

            var warnings = logs.GetSnapshot().Where(log => log.Level == LogLevel.Warning).ToList();
            Assert.Contains(warnings, log => log.Category == "Polly" && log.Message.StartsWith("Execution attempt", StringComparison.Ordinal));
            Assert.Contains(warnings, log => log.Message.StartsWith("Server sample failed", StringComparison.Ordinal));
        }

        var spans = TelemetryFiles.Read(telemetry.FullName).Spans;
        var polls = spans.Where(span => span.Attributes.TryGetValue("url.full", out var url) && url.ToString().StartsWith(management.ToString(), StringComparison.Ordinal)).ToList();
        Assert.True(polls.Count == 0, $"The failed polls made {polls.Count} spans: {string.Join(", ", polls.Select(span => span.Name))}");
    }
}
