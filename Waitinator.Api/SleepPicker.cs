using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Api;

/// <summary>Draws each request's sleep uniformly from [min, max] seconds, times the time scale, and whether it fails (Api:FailureRate).</summary>
public sealed class SleepPicker(IOptions<ApiOptions> options)
{
    private readonly ApiOptions _options = options.Value;

    // A seeded Random is not thread-safe, and a repeatable run needs one sequence shared by all requests.
    private readonly Random _random = options.Value.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock _gate = new();

    /// <summary>True for the share of requests Api:FailureRate asks to fail.</summary>
    public bool NextFails()
    {
        if (_options.FailureRate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() < _options.FailureRate;
        }
    }

    public TimeSpan Next()
    {
        double fraction;
        lock (_gate)
        {
            fraction = _random.NextDouble();
        }

        var seconds = _options.MinSleepSeconds + (fraction * (_options.MaxSleepSeconds - _options.MinSleepSeconds));
        return TimeSpan.FromSeconds(seconds * _options.TimeScale);
    }
}
