using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service discovery, resilience, health checks and OpenTelemetry for every Waitinator process,
/// in the shape of the Aspire service-defaults template.
/// </summary>
public static class ServiceDefaultsExtensions
{
    internal const string HealthEndpointPath = "/health";
    internal const string AlivenessEndpointPath = "/alive";

    /// <summary>Names of the project's own meters and activity sources; every host exports them.</summary>
    public const string TelemetryPrefix = "Waitinator.";

    /// <summary>The service's name as the dashboard shows it: OTEL_SERVICE_NAME when the AppHost set one, else the application's name.</summary>
    public static string ServiceName(this IHostApplicationBuilder builder) =>
        builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

    /// <summary>
    /// Whether this process has somewhere to send telemetry: an OTLP endpoint or Telemetry:ExportDirectory. Without either
    /// (a benchmark's worker, a process started by hand) none is collected, the client integrations' tracing included:
    /// spans and metric aggregation that nobody reads are a real share of a short task's CPU (docs/performance.md).
    /// </summary>
    public static bool ExportsTelemetry(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(builder.Configuration[$"{TelemetryFileOptions.SectionName}:ExportDirectory"]);

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        // The resilience handler logs every attempt at Information, a line per call; its retries, timeouts and failed
        // attempts are Warnings and stay.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!builder.ExportsTelemetry())
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter(TelemetryPrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryPrefix + "*")
                // Before the exporters: it unmarks spans they must skip.
                .AddProcessor(new RedisCommandsOutsideTraces())
                // Health probes and the monitor's polls would drown the traces users come to read.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !TelemetryPlumbing.IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = TelemetryPlumbing.IsTraced));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        builder.AddTelemetryFiles();
        builder.Services.AddSingleton<ProcessCpuUtilization>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProcessCpuUtilization>());
        return builder;
    }

    /// <summary>
    /// With Telemetry:ExportDirectory set, this process also writes its metric samples (every Telemetry:MetricsInterval)
    /// and its spans to JSON-lines files there: the reporter's input, independent of the dashboard.
    /// </summary>
    private static void AddTelemetryFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryFileOptions>().BindConfiguration(TelemetryFileOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryFileOptions>, TelemetryFileOptionsValidator>();
        var options = builder.Configuration.GetSection(TelemetryFileOptions.SectionName).Get<TelemetryFileOptions>();
        if (string.IsNullOrWhiteSpace(options?.ExportDirectory))
        {
            return;
        }

        var directory = options.ExportDirectory;
        var service = builder.ServiceName();
        var interval = (int)options.MetricsInterval.TotalMilliseconds; // At least 100 ms: validated at start.
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddReader(new PeriodicExportingMetricReader(new JsonLinesMetricExporter(directory, service), interval)))
            .WithTracing(tracing => tracing.AddProcessor(new BatchActivityExportProcessor(new JsonLinesSpanExporter(directory, service), scheduledDelayMilliseconds: 1000)));
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // The lab runs on a developer's loopback; the probes reveal nothing secret, so they stay on in every environment.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
        });
        return app;
    }
}
