using System.Diagnostics;
using System.Globalization;

namespace Waitinator.LocalLab;

/// <summary>
/// The Api as a process of its own (Waitinator.Api.dll, built beside the program that starts it), sleeping the given range
/// of seconds, on two free loopback ports: HTTP/1.1 (Celery's calls, health checks) and HTTP/2 without TLS (h2c, for .NET
/// workers with ApiClient:Protocol=Http2).
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri address, Uri http2Address, string databasePath)
    {
        _process = process;
        Address = address;
        Http2Address = http2Address;
        DatabasePath = databasePath;
    }

    /// <summary>HTTP/1.1.</summary>
    public Uri Address { get; }

    /// <summary>HTTP/2 by prior knowledge (h2c) only.</summary>
    public Uri Http2Address { get; }

    public string DatabasePath { get; }

    public int ProcessId => _process.Id;

    public static async Task<ApiProcess> StartAsync(double minSleepSeconds, double maxSleepSeconds, string databasePath, CancellationToken cancellationToken)
    {
        var (port, http2Port) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var api = Path.Combine(AppContext.BaseDirectory, "Waitinator.Api.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet",
        [
            api,
            "--Kestrel:Endpoints:http:Url", $"http://127.0.0.1:{port}",
            "--Kestrel:Endpoints:h2c:Url", $"http://127.0.0.1:{http2Port}",
            "--Kestrel:Endpoints:h2c:Protocols", "Http2",
            // Said here too: this folder's appsettings.json is whichever project's was copied last.
            "--Kestrel:Limits:Http2:MaxStreamsPerConnection", "20000",
            "--Api:MinSleepSeconds", minSleepSeconds.ToString(CultureInfo.InvariantCulture),
            "--Api:MaxSleepSeconds", maxSleepSeconds.ToString(CultureInfo.InvariantCulture),
            "--Api:TimeScale", "1", "--Api:DatabasePath", databasePath, "--Logging:LogLevel:Default", "Warning",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The Api measures, it is not measured: it exports no telemetry of its own here.
            Environment = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null, ["OTEL_SERVICE_NAME"] = "benchmark-api" },
        }) ?? throw new InvalidOperationException("Could not start the Api.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{http2Port}"), databasePath);
        try
        {
            await started.WaitUntilHealthyAsync(cancellationToken);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address };
        for (var attempt = 0; attempt < 450; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("The Api did not become healthy within 90 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }
}
