using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.Worker;

/// <summary>
/// The waitinate task's client of the Api: where the Api is, how the task speaks to it and how often it tries again.
/// Its keys (Worker:ApiBaseAddress, Worker:ApiRetries, ...) sit in the worker's one section, which the AppHost hands
/// every worker whole, beside the engine's own.
/// </summary>
public sealed record ApiClientOptions
{
    public const string SectionName = WorkerOptions.SectionName;

    /// <summary>The Api, through Aspire service discovery by default.</summary>
    public string ApiBaseAddress { get; init; } = "https+http://api";

    /// <summary>
    /// How the worker speaks to the Api: Http1 (a connection per concurrent call) or Http2 (without TLS, by prior
    /// knowledge: the calls share a few multiplexed connections; the Api's endpoint must have Protocols=Http2).
    /// </summary>
    public ApiProtocol ApiProtocol { get; init; } = ApiProtocol.Http1;

    /// <summary>How long one call to the Api may take: longer than the longest sleep.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often waitinate runs again after the Api refused, failed or timed out, before the task fails.</summary>
    public int ApiRetries { get; init; } = 3;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter) up to <see cref="ApiRetryMaxDelay"/>.</summary>
    public TimeSpan ApiRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ApiRetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    public RetryBackoff ApiRetryBackoff() => new(ApiRetries, ApiRetryDelay, ApiRetryMaxDelay);
}
