namespace Waitinator.Contracts.Settings;

/// <summary>The HTTP version of the worker's calls to the Api (named as Kestrel names an endpoint's protocols).</summary>
public enum ApiProtocol
{
    Http1,
    Http2,
}
