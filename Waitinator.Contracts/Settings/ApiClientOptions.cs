using Waitinator.TaskQueue.Processing;

namespace Waitinator.Contracts.Settings;

/// <summary>
/// The waitinate task's client of the Api: where the Api is, how the task speaks to it and how often it tries again.
/// Its keys (ApiClient:BaseAddress, ApiClient:Retries, ...) sit in the worker's one section, which the AppHost hands
/// every worker whole, beside the engine's own.
/// </summary>
public sealed record ApiClientOptions
{
    public const string SectionName = "ApiClient";

    /// <summary>The Api, through Aspire service discovery by default.</summary>
    public string BaseAddress { get; init; } = "https+http://api";

    /// <summary>
    /// How the worker speaks to the Api: Http1 (a connection per concurrent call) or Http2 (without TLS, by prior
    /// knowledge: the calls share a few multiplexed connections; the Api's endpoint must have Protocols=Http2).
    /// </summary>
    public ApiProtocol Protocol { get; init; } = ApiProtocol.Http1;

    /// <summary>How long one call to the Api may take: longer than the longest sleep.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often waitinate runs again after the Api refused, failed or timed out, before the task fails.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    public RetryBackoff RetryBackoff() => new(Retries, RetryDelay, RetryMaxDelay);
}
