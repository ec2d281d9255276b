using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Waitinator.Benchmarks;

/// <summary>The Api as a process of its own on a free loopback port, sleeping the given range of seconds.</summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri address, string databasePath)
    {
        _process = process;
        Address = address;
        DatabasePath = databasePath;
    }

    public Uri Address { get; }

    public string DatabasePath { get; }

    public int ProcessId => _process.Id;

    public static async Task<ApiProcess> StartAsync(double minSleepSeconds, double maxSleepSeconds, string databasePath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var api = Path.Combine(AppContext.BaseDirectory, "Waitinator.Api.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet",
        [
            api, "--urls", $"http://127.0.0.1:{port}",
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

        var started = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"), databasePath);
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
        for (var attempt = 0; attempt < 150; attempt++)
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

        throw new TimeoutException("The Api did not become healthy within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
