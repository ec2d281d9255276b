using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// Waits for a set of task results in Redis by reading the ones still missing every 250 ms: one reader for thousands
/// of results, where a subscription each would load the server being measured. Queues run in order, so each read stops
/// at the first chunk (in the given order) with a result still missing: the waiter does not read 50,000 absent keys
/// four times a second on the Redis being measured.
/// </summary>
internal static class ResultWaiter
{
    public static async Task<Dictionary<string, TaskResult>> WaitAsync(
        IDatabase redis, IReadOnlyCollection<string> taskIds, TimeSpan timeout, Func<bool> workerAlive, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, TaskResult>(taskIds.Count);
        var missing = taskIds.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (missing.Count > 0)
        {
            foreach (var chunk in missing.Chunk(2000).ToList())
            {
                var values = await redis.StringGetAsync(chunk.Select(RedisResultBackend.TaskKey).ToArray());
                var complete = true;
                for (var index = 0; index < chunk.Length; index++)
                {
                    if (!values[index].IsNull && TaskResult.FromJson((byte[])values[index]!) is { } result && TaskStates.IsReady(result.Status))
                    {
                        results[chunk[index]] = result;
                    }
                    else
                    {
                        complete = false;
                    }
                }

                if (!complete)
                {
                    break;
                }
            }

            missing.RemoveAll(results.ContainsKey);
            if (missing.Count == 0)
            {
                break;
            }

            if (!workerAlive())
            {
                throw new InvalidOperationException($"The worker exited with {missing.Count} of {taskIds.Count} results missing.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{missing.Count} of {taskIds.Count} results missing after {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(250, cancellationToken);
        }

        return results;
    }
}
