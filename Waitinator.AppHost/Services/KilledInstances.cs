using System.Collections.Concurrent;

namespace Waitinator.AppHost.Services;

/// <summary>The worker instances a user killed from the dashboard, so that the lab reads their end as intended, not as a failure.</summary>
public sealed class KilledInstances
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _killed = new();

    public void Add(string instance) => _killed[instance] = DateTimeOffset.UtcNow;

    public bool Contains(string instance) => _killed.ContainsKey(instance);

    /// <summary>The instances killed at or after <paramref name="since"/>, in the order they were killed.</summary>
    public IReadOnlyList<string> Since(DateTimeOffset since) =>
        [.. _killed.Where(k => k.Value >= since).OrderBy(k => k.Value).Select(k => k.Key)];
}
