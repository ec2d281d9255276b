namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// Which of the benchmark's Celery contenders this machine can run: any needs Python Celery and its Redis client; the
/// gevent and eventlet pools need their own packages. A machine with Celery but without gevent still compares prefork,
/// threads and solo.
/// </summary>
internal sealed record CeleryPools(string? Note, string? CeleryMissing, IReadOnlyDictionary<string, string> PoolsMissing)
{
    private static readonly Dictionary<string, string> GreenPools = new() { ["gevent"] = "python3-gevent", ["eventlet"] = "python3-eventlet" };

    public static CeleryPools LeftOut { get; } = new(null, "left out with --dotnet-only", new Dictionary<string, string>());

    public bool Runs(Contender contender) =>
        contender.Engine == Engine.DotNet || (CeleryMissing is null && !PoolsMissing.ContainsKey(contender.Model));

    public static async Task<CeleryPools> ProbeAsync()
    {
        if (await WorkerProcess.PythonImportFailsAsync("celery, redis") is { } celeryMissing)
        {
            return new CeleryPools(
                $"Python Celery is not available ({celeryMissing}): only the .NET side runs. Install python3-celery, python3-redis, python3-gevent and python3-eventlet for the side-by-side run.",
                celeryMissing,
                new Dictionary<string, string>());
        }

        var missing = new Dictionary<string, string>();
        foreach (var pool in GreenPools.Keys)
        {
            if (await WorkerProcess.PythonImportFailsAsync(pool) is { } reason)
            {
                missing[pool] = reason;
            }
        }

        var note = missing.Count == 0
            ? null
            : $"Celery's {string.Join(" and ", missing.Keys)} pool{(missing.Count > 1 ? "s are" : " is")} not available ({string.Join("; ", missing.Values)}): "
              + $"those contenders are left out. Install {string.Join(" and ", missing.Keys.Select(pool => GreenPools[pool]))} for them.";
        return new CeleryPools(note, null, missing);
    }
}
