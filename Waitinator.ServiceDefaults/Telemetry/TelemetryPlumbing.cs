using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The lab's periodic plumbing (the monitor's polls, health probes) makes no spans: one a second would bury the
/// chords, tasks and requests the Traces page is for. Its logs are not touched, so a failing poll still logs its warning.
/// </summary>
public static class TelemetryPlumbing
{
    private static readonly HttpRequestOptionsKey<bool> Plumbing = new("waitinator.telemetry.plumbing");

    /// <summary>Every request this client sends is plumbing and makes no span: what it finds belongs in metrics.</summary>
    public static IHttpClientBuilder AsTelemetryPlumbing(this IHttpClientBuilder http) =>
        http.AddHttpMessageHandler(() => new PlumbingMarker());

    /// <summary>The health endpoints every service maps, probed by the AppHost and by a worker warming its connections.</summary>
    internal static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthEndpointPath)
        || path.StartsWithSegments(ServiceDefaultsExtensions.AlivenessEndpointPath);

    /// <summary>Whether an outgoing request gets a span: not when its client is plumbing, nor when it probes health.</summary>
    internal static bool IsTraced(HttpRequestMessage request) =>
        !(request.Options.TryGetValue(Plumbing, out var plumbing) && plumbing)
        && !(request.RequestUri is { IsAbsoluteUri: true } uri && IsHealthProbe(new PathString(uri.AbsolutePath)));

    private sealed class PlumbingMarker : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(Plumbing, true);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
