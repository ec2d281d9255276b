using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Resource.V1;
using Waitinator.Otlp;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>Where a lab process sends its telemetry besides the dashboard: its run's OTLP/JSON files and any OTLP endpoint.</summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task A_process_sends_traces_metrics_and_logs_to_the_otlp_endpoint_in_its_settings_and_never_the_dashboards_key()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var files = Directory.CreateTempSubdirectory("waitinator-telemetry-");
        try
        {
            await using var api = LabPrograms.StartDotnet("Waitinator.Api", new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["OTEL_SERVICE_NAME"] = "api",
                // What the AppHost gives every process for the dashboard: its key must not go to another backend.
                ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=dashboard-secret",
                ["Telemetry__OtlpEndpoint"] = receiver.Address,
                ["Telemetry__ExportDirectory"] = files.FullName,
                ["Api__DatabasePath"] = Path.Combine(files.FullName, "api.db"),
                ["Api__TimeScale"] = "0.001",
            });
            await Eventually.WaitUntilAsync(() => api.Output.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromMinutes(1), () => api.Output);
            var address = api.Output.Split("Now listening on: ")[1].Split('\n')[0].Trim();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            (await client.GetAsync(new Uri("/waitinate", UriKind.Relative))).EnsureSuccessStatusCode();

            // The request's server span ends after its database span, and may come in a later batch.
            await Eventually.WaitUntilAsync(
                () => receiver.SpanNames.Any(name => name.Contains("/waitinate", StringComparison.Ordinal))
                    && receiver.Services("traces").Contains("api") && receiver.Services("metrics").Contains("api") && receiver.Services("logs").Contains("api"),
                TimeSpan.FromSeconds(30),
                () => $"Received: {string.Join(", ", receiver.Received.Select(r => r.Signal))}; spans: {string.Join(", ", receiver.SpanNames)}\n{api.Output}");

            Assert.All(receiver.Received, request => Assert.Null(request.ApiKey));
            Assert.Equal("application/x-protobuf", receiver.Received.Select(r => r.ContentType).Distinct().Single());

            // The same process wrote its run's files: one OTLP/JSON request a line, of each signal. The files' exporters
            // batch on their own schedule, so a file may come a little after the endpoint's request.
            await Eventually.WaitUntilAsync(
                () => OtlpSignal.All.All(signal => Directory.GetFiles(files.FullName, "api-*" + signal.FileSuffix).Length > 0),
                TimeSpan.FromSeconds(30),
                () => $"Files: {string.Join(", ", Directory.GetFiles(files.FullName).Select(Path.GetFileName))}");
            foreach (var signal in OtlpSignal.All)
            {
                var file = Assert.Single(Directory.GetFiles(files.FullName, "api-*" + signal.FileSuffix));
                Assert.All(TelemetryFiles.Lines(files.FullName, "api-*" + signal.FileSuffix), line => Assert.NotNull(signal.ParseJson(line)));
                Assert.EndsWith($"-{api.Id}{signal.FileSuffix}", file, StringComparison.Ordinal);
            }
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    /// <summary>An OTLP/HTTP receiver of the test's own that parses what it gets with the classes generated from opentelemetry-proto.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Request> _received = new();

        private OtlpReceiver(WebApplication app) => _app = app;

        public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        public IReadOnlyList<Request> Received => [.. _received];

        public IEnumerable<string> SpanNames => _received.SelectMany(r => r.SpanNames);

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                var bytes = body.ToArray();
                var (resources, spanNames, response) = signal switch
                {
                    "traces" => Traces(ExportTraceServiceRequest.Parser.ParseFrom(bytes)),
                    "metrics" => (ExportMetricsServiceRequest.Parser.ParseFrom(bytes).ResourceMetrics.Select(r => r.Resource), [], new ExportMetricsServiceResponse()),
                    "logs" => (ExportLogsServiceRequest.Parser.ParseFrom(bytes).ResourceLogs.Select(r => r.Resource), [], (IMessage)new ExportLogsServiceResponse()),
                    _ => throw new InvalidOperationException($"Unexpected path /v1/{signal}"),
                };
                receiver._received.Enqueue(new Request(
                    signal, [.. resources.Select(ServiceName)], spanNames, request.Headers["x-otlp-api-key"].FirstOrDefault(), request.ContentType));
                return Results.Bytes(response.ToByteArray(), "application/x-protobuf");
            });
            await app.StartAsync();
            return receiver;
        }

        public HashSet<string> Services(string signal) => [.. _received.Where(r => r.Signal == signal).SelectMany(r => r.Services)];

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private static (IEnumerable<Resource>, IReadOnlyList<string>, IMessage) Traces(ExportTraceServiceRequest request) =>
            (request.ResourceSpans.Select(r => r.Resource),
             [.. request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name)],
             new ExportTraceServiceResponse());

        private static string ServiceName(Resource resource) =>
            resource.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";

        public sealed record Request(string Signal, IReadOnlyList<string> Services, IReadOnlyList<string> SpanNames, string? ApiKey, string? ContentType);
    }
}
