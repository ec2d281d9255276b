using System.Text.Json.Nodes;
using StackExchange.Redis;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Resilience;

namespace Waitinator.TaskQueue.Backend;

/// <summary>
/// Celery's Redis result backend (celery/backends/redis.py), key for key: results under celery-task-meta-&lt;id&gt;
/// published on a channel of the same name, chord parts in the sorted set celery-taskset-meta-&lt;group&gt;.j, the chord
/// size in .s. Two keys of this engine's own make a chord exactly-once under redelivery: .d, the header task ids already
/// counted, and .f, the one header task that fires the callback. A Python Celery worker ignores both and still interoperates.
/// Every call rides out a restart of Redis through <paramref name="outage"/> (none given: a failure is thrown at once).
/// </summary>
public sealed class RedisResultBackend(IConnectionMultiplexer redis, TimeSpan expires, OutageRetry? outage = null)
{
    public const string TaskKeyPrefix = "celery-task-meta-";
    public const string GroupKeyPrefix = "celery-taskset-meta-";

    // Celery keeps a SUCCESS once stored: a lost worker's late copy must not overwrite it.
    private static readonly LuaScript StoreScript = LuaScript.Prepare(
        """
        local current = redis.call('GET', @key)
        if current then
          local ok, meta = pcall(cjson.decode, current)
          if ok and meta['status'] == 'SUCCESS' then return 0 end
        end
        redis.call('SETEX', @key, @expires, @value)
        redis.call('PUBLISH', @key, @value)
        return 1
        """);

    private static readonly LuaScript ChordPartScript = LuaScript.Prepare(
        """
        if redis.call('SADD', @counted, @taskId) == 1 then
          redis.call('ZADD', @parts, @index, @encoded)
        end
        for _, key in ipairs({@parts, @counted, @size, @diff}) do redis.call('EXPIRE', key, @expires) end
        local ready = redis.call('ZCOUNT', @parts, '-inf', '+inf')
        local size = redis.call('GET', @size)
        if not size then return {ready, -1} end
        local total = tonumber(size) + tonumber(redis.call('GET', @diff) or '0')
        if ready ~= total then return {ready, total} end
        local holder = redis.call('GET', @fired)
        if holder and holder ~= @taskId then return {ready, total} end
        redis.call('SET', @fired, @taskId, 'EX', @expires)
        return {ready, total, redis.call('ZRANGE', @parts, 0, -1)}
        """);

    private readonly long _expiresSeconds = (long)expires.TotalSeconds;

    private IDatabase Database => redis.GetDatabase();

    public static RedisKey TaskKey(string taskId) => TaskKeyPrefix + taskId;

    public static RedisKey GroupKey(string groupId, string suffix) => GroupKeyPrefix + groupId + suffix;

    /// <summary>
    /// Stores a result and wakes waiting clients; returns false when a SUCCESS was already stored. A first delivery
    /// (<paramref name="mayBeStored"/> false) cannot meet an earlier result of its own, so it skips the script's check and
    /// writes as Celery does (SETEX and PUBLISH, pipelined); a redelivered task goes through the check.
    /// </summary>
    public Task<bool> StoreAsync(TaskResult result, bool mayBeStored = true) => RetryAsync(() => StoreOnceAsync(result, mayBeStored));

    private async Task<bool> StoreOnceAsync(TaskResult result, bool mayBeStored)
    {
        if (!mayBeStored)
        {
            var key = TaskKey(result.TaskId);
            RedisValue value = result.ToJson();
            var set = Database.StringSetAsync(key, value, TimeSpan.FromSeconds(_expiresSeconds));
            var publish = Database.PublishAsync(RedisChannel.Literal(key.ToString()), value);
            await Task.WhenAll(set, publish);
            return true;
        }

        var stored = await Database.ScriptEvaluateAsync(StoreScript, new
        {
            key = TaskKey(result.TaskId),
            value = (RedisValue)result.ToJson(),
            expires = _expiresSeconds,
        });
        return (long)stored == 1;
    }

    /// <summary>How many of these tasks have a result that will not change (SUCCESS, FAILURE, REVOKED), read in batches.</summary>
    public Task<int> CountReadyAsync(IReadOnlyList<string> taskIds) => RetryAsync(async () =>
    {
        var ready = 0;
        foreach (var batch in taskIds.Chunk(1000))
        {
            foreach (var value in await Database.StringGetAsync([.. batch.Select(TaskKey)]))
            {
                ready += !value.IsNull && TaskResult.FromJson((byte[])value!) is { } result && TaskStates.IsReady(result.Status) ? 1 : 0;
            }
        }

        return ready;
    });

    public Task<TaskResult?> GetAsync(string taskId) => RetryAsync(async () =>
    {
        var value = await Database.StringGetAsync(TaskKey(taskId));
        return value.IsNull ? null : TaskResult.FromJson((byte[])value!);
    });

    /// <summary>Waits until a task's result is SUCCESS or FAILURE, woken by the backend's publish and checked once a second besides.</summary>
    public async Task<TaskResult> WaitAsync(string taskId, CancellationToken cancellationToken)
    {
        var channel = RedisChannel.Literal(TaskKeyPrefix + taskId);
        var subscriber = redis.GetSubscriber();
        var published = new SemaphoreSlim(0);
        void OnMessage(RedisChannel _, RedisValue __) => published.Release();
        await RetryAsync(() => subscriber.SubscribeAsync(channel, OnMessage));
        try
        {
            while (true)
            {
                if (await GetAsync(taskId) is { } result && TaskStates.IsReady(result.Status))
                {
                    return result;
                }

                await published.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        finally
        {
            await subscriber.UnsubscribeAsync(channel, OnMessage);
            published.Dispose();
        }
    }

    /// <summary>Records how many header tasks a chord has, as Celery's client does before publishing them.</summary>
    public Task SetChordSizeAsync(string groupId, int size) => RetryAsync(async Task () =>
    {
        var key = GroupKey(groupId, ".s");
        var batch = Database.CreateBatch();
        var set = batch.StringSetAsync(key, size, TimeSpan.FromSeconds(_expiresSeconds));
        var publish = batch.PublishAsync(RedisChannel.Literal(key.ToString()), size);
        batch.Execute();
        await Task.WhenAll(set, publish);
    });

    /// <summary>
    /// Counts one header task of a chord (celery/backends/redis.py, on_chord_part_return), once per task id however
    /// often it is delivered; the caller told to fire publishes the callback, then calls <see cref="ForgetChordAsync"/>.
    /// </summary>
    public Task<ChordProgress> AddChordPartAsync(TaskHeaders headers, string state, JsonNode? result) =>
        RetryAsync(() => AddChordPartOnceAsync(headers, state, result));

    private async Task<ChordProgress> AddChordPartOnceAsync(TaskHeaders headers, string state, JsonNode? result)
    {
        var groupId = headers.Group ?? throw new ArgumentException("The task is not part of a group.", nameof(headers));
        // Celery's [1, task_id, state, result], written straight to bytes: no cloned tree, no UTF-16 string.
        var encoded = JsonBytes.Write((headers.Id, state, result), static (json, part) =>
        {
            json.WriteStartArray();
            json.WriteNumberValue(1);
            json.WriteStringValue(part.Id);
            json.WriteStringValue(part.state);
            if (part.result is null)
            {
                json.WriteNullValue();
            }
            else
            {
                part.result.WriteTo(json);
            }

            json.WriteEndArray();
        });
        var reply = (RedisResult[])(await Database.ScriptEvaluateAsync(ChordPartScript, new
        {
            parts = GroupKey(groupId, ".j"),
            diff = GroupKey(groupId, ".t"),
            size = GroupKey(groupId, ".s"),
            counted = GroupKey(groupId, ".d"),
            fired = GroupKey(groupId, ".f"),
            taskId = headers.Id,
            encoded = (RedisValue)encoded,
            index = headers.GroupIndex is { } index ? (RedisValue)index : (RedisValue)"+inf",
            expires = _expiresSeconds,
        }))!;

        // {ready, total}, and the parts only for the one caller that fires the callback.
        if (reply.Length < 3)
        {
            return new ChordProgress(null);
        }

        var parts = ((RedisResult[])reply[2]!).Select(member =>
        {
            var tuple = JsonNode.Parse((string)member!)!.AsArray();
            return new ChordPart(tuple[1]!.GetValue<string>(), tuple[2]!.GetValue<string>(), tuple[3]?.DeepClone());
        }).ToList();
        return new ChordProgress(parts);
    }

    /// <summary>Deletes a fired chord's parts as Celery does; the counted ids and the firing claim stay until they expire.</summary>
    public Task<long> ForgetChordAsync(string groupId) =>
        RetryAsync(() => Database.KeyDeleteAsync([GroupKey(groupId, ".j"), GroupKey(groupId, ".t"), GroupKey(groupId, ".s")]));

    private Task<T> RetryAsync<T>(Func<Task<T>> operation) => outage is null ? operation() : outage.ExecuteAsync(_ => operation());

    private Task RetryAsync(Func<Task> operation) => outage is null ? operation() : outage.ExecuteAsync(_ => operation());
}
