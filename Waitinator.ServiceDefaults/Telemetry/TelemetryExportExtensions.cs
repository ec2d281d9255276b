using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Waitinator.Otlp;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Where every process's telemetry goes, each destination an OTLP exporter of the OpenTelemetry SDK: the Aspire dashboard
/// (OTEL_EXPORTER_OTLP_*, set by the AppHost), the run's files (Telemetry:ExportDirectory) and any other OTLP endpoint
/// (Telemetry:OtlpEndpoint). Per signal and by name, because the SDK refuses UseOtlpExporter() beside any other OTLP
/// exporter, and exporters sharing one options name share their endpoint.
/// </summary>
internal static class TelemetryExportExtensions
{
    private const string ProcessIdAttribute = "process.pid";

    public static void AddTelemetryExporters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        // The files name a process by its id, and so do the readers of a run: the resource says it too (OpenTelemetry's
        // process.pid), so that files merged or collected elsewhere still tell replicas and children apart.
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddAttributes([new(ProcessIdAttribute, Environment.ProcessId)]));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing(tracing => tracing.AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddOtlpExporter())
                .WithLogging(logging => logging.AddOtlpExporter());
        }

        // Bad values are reported by the validation at start; here they only leave the destination out.
        TelemetryOptions? options;
        try
        {
            options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>();
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (options is null || options.MetricsInterval < TimeSpan.FromMilliseconds(100))
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(options.ExportDirectory))
        {
            var files = new OtlpFileHandler(options.ExportDirectory, builder.ServiceName());
            otel.AddDestination("files", OtlpFileHandler.Endpoint, OtlpExportProtocol.HttpProtobuf, headers: null, options.MetricsInterval,
                exporter => exporter.HttpClientFactory = () => new HttpClient(files, disposeHandler: false));
        }

        if (options.OtlpEndpoint is { IsAbsoluteUri: true } endpoint)
        {
            otel.AddDestination("endpoint", endpoint, options.OtlpProtocol, options.OtlpHeaders, options.MetricsInterval, configure: null);
        }
    }

    /// <summary>Three named exporters, one a signal, to one destination.</summary>
    private static void AddDestination(this IOpenTelemetryBuilder otel, string name, Uri endpoint, OtlpExportProtocol protocol, string? headers,
        TimeSpan metricsInterval, Action<OtlpExporterOptions>? configure)
    {
        void Configure(OtlpExporterOptions exporter, OtlpSignal signal)
        {
            // A signal's endpoint is taken as the full address for OTLP/HTTP; gRPC has one address for all.
            exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/"), signal.HttpPath)
                : endpoint;
            exporter.Protocol = protocol;
            // Else OTEL_EXPORTER_OTLP_HEADERS, the dashboard's API key, would be sent here too.
            exporter.Headers = headers ?? string.Empty;
            configure?.Invoke(exporter);
        }

        otel.WithTracing(tracing => tracing.AddOtlpExporter($"{name}-traces", exporter =>
        {
            Configure(exporter, OtlpSignal.Traces);
            exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 1000;
        }))
        .WithMetrics(metrics => metrics.AddOtlpExporter($"{name}-metrics", (exporter, reader) =>
        {
            Configure(exporter, OtlpSignal.Metrics);
            // Cumulative sums, as every OTLP backend takes them: a lost line loses no CPU time.
            reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)metricsInterval.TotalMilliseconds;
        }))
        .WithLogging(logging => logging.AddOtlpExporter($"{name}-logs", (exporter, processor) =>
        {
            Configure(exporter, OtlpSignal.Logs);
            processor.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 1000;
        }));
    }
}
