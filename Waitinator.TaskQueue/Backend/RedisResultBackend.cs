using System.Text.Json.Nodes;
using StackExchange.Redis;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Resilience;

namespace Waitinator.TaskQueue.Backend;

/// <summary>
/// Celery's Redis result backend (celery/backends/redis.py), key for key: results under celery-task-meta-&lt;id&gt;
/// published on a channel of the same name, chord parts in the sorted set celery-taskset-meta-&lt;group&gt;.j, the chord
/// size in .s. Keys of this engine's own make a chord exactly-once under redelivery: .d, the header task ids already
/// counted, and .f, the one header task that fires the callback; and waitinator-task-run-&lt;id&gt;.&lt;retries&gt;, the claim on
/// a run-once task's run. A Python Celery worker ignores them and still interoperates.
/// Every call rides out a restart of Redis through <paramref name="outage"/>, within its tolerance (none given: a failure
/// is thrown at once).
/// </summary>
public sealed class RedisResultBackend(IConnectionMultiplexer redis, TimeSpan expires, OutageRetry? outage = null)
{
    public const string TaskKeyPrefix = "celery-task-meta-";
    public const string GroupKeyPrefix = "celery-taskset-meta-";
    public const string RunKeyPrefix = "waitinator-task-run-";

    // Whether a stored result is final (SUCCESS, FAILURE or REVOKED: Celery's ready states): by its first characters,
    // where both Celery and this engine write the status, without decoding a large result; decoded only when it is not there.
    private const string IsFinalFunction =
        """
        local final = {SUCCESS = true, FAILURE = true, REVOKED = true}
        local function is_final(stored)
          local head = string.sub(stored, 1, 64)
          if string.find(head, '"status"', 1, true) then
            local status = string.match(head, '"status"%s*:%s*"(%u+)"')
            return status ~= nil and final[status] == true
          end
          local ok, meta = pcall(cjson.decode, stored)
          return ok and type(meta) == 'table' and final[meta['status']] == true
        end
        """;

    // The first final result stays: Celery keeps a SUCCESS against a lost worker's late copy; this engine keeps a FAILURE
    // too, so that a duplicate that succeeds after its chord counted the failure (or fails after it counted the success)
    // cannot make the stored result and the chord disagree. The result kept is returned, so that the caller counts that
    // one in its chord. A run-once task's claim is marked done in the same step.
    private static readonly LuaScript StoreScript = LuaScript.Prepare(IsFinalFunction + "\n" +
        """
        local current = redis.call('GET', @key)
        if current and is_final(current) then
          if @run ~= '' then redis.call('SET', @run, 'done', 'EX', @expires) end
          return current
        end
        redis.call('SETEX', @key, @expires, @value)
        redis.call('PUBLISH', @key, @value)
        if @run ~= '' then redis.call('SET', @run, 'done', 'EX', @expires) end
        return false
        """);

    // 0: claimed; 1: held by another owner; 2: done (its result or retry stored).
    private static readonly LuaScript ClaimScript = LuaScript.Prepare(IsFinalFunction + "\n" +
        """
        local state = redis.call('GET', @run)
        if state == 'done' then return 2 end
        if state and state ~= @owner then return 1 end
        local current = redis.call('GET', @key)
        if current and is_final(current) then
          redis.call('SET', @run, 'done', 'EX', @expires)
          return 2
        end
        redis.call('SET', @run, @owner, 'PX', @lease)
        return 0
        """);

    private static readonly LuaScript RenewScript = LuaScript.Prepare(
        """
        local state = redis.call('GET', @run)
        if state == @owner then return redis.call('PEXPIRE', @run, @lease) end
        if not state then redis.call('SET', @run, @owner, 'PX', @lease) return 1 end
        return 0
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare(
        """
        if redis.call('GET', @run) == @owner then return redis.call('DEL', @run) end
        return 0
        """);

    // {ready, total} for every caller; {ready, total, parts, fired before} for the one header task that fires the chord.
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
        return {ready, total, redis.call('ZRANGE', @parts, 0, -1), holder and 1 or 0}
        """);

    private readonly long _expiresSeconds = (long)expires.TotalSeconds;

    private IDatabase Database => redis.GetDatabase();

    public static RedisKey TaskKey(string taskId) => TaskKeyPrefix + taskId;

    public static RedisKey GroupKey(string groupId, string suffix) => GroupKeyPrefix + groupId + suffix;

    /// <summary>The claim on one run of a run-once task: a retry (<paramref name="retries"/> + 1) is a run of its own.</summary>
    public static RedisKey RunKey(string taskId, int retries) => $"{RunKeyPrefix}{taskId}.{retries}";

    /// <summary>
    /// Stores a result and wakes waiting clients, unless a final one (SUCCESS, FAILURE, REVOKED) is stored already; returns
    /// the result now stored: the one given, or the one kept. <paramref name="run"/>, a run-once task's claim, is marked
    /// done with it.
    /// </summary>
    public Task<TaskResult> StoreAsync(TaskResult result, RedisKey? run = null) => RetryAsync(async () =>
    {
        var kept = await Database.ScriptEvaluateAsync(StoreScript, new
        {
            key = TaskKey(result.TaskId),
            value = (RedisValue)result.ToJson(),
            expires = _expiresSeconds,
            run = run is { } key ? (RedisValue)key.ToString() : RedisValue.EmptyString,
        });
        return kept.IsNull ? result : TaskResult.FromJson((byte[])kept!);
    });

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

    /// <summary>Claims the run of a run-once task for <paramref name="owner"/> for <paramref name="lease"/>, renewed by <see cref="RenewRunAsync"/>.</summary>
    public Task<RunClaim> ClaimRunAsync(TaskHeaders headers, string owner, TimeSpan lease) => RetryAsync(async () =>
        (RunClaim)(int)await Database.ScriptEvaluateAsync(ClaimScript, new
        {
            run = (RedisValue)RunKey(headers.Id, headers.Retries).ToString(),
            key = TaskKey(headers.Id),
            owner,
            lease = (long)lease.TotalMilliseconds,
            expires = _expiresSeconds,
        }));

    /// <summary>Extends a claim held by <paramref name="owner"/>, or takes it again if it lapsed; false when another owner holds it now.</summary>
    public Task<bool> RenewRunAsync(TaskHeaders headers, string owner, TimeSpan lease) => RetryAsync(async () =>
        (long)await Database.ScriptEvaluateAsync(RenewScript, new
        {
            run = (RedisValue)RunKey(headers.Id, headers.Retries).ToString(),
            owner,
            lease = (long)lease.TotalMilliseconds,
        }) == 1);

    /// <summary>Gives a claim up before its lease ends, so that a copy delivered again runs at once.</summary>
    public Task ReleaseRunAsync(TaskHeaders headers, string owner) => RetryAsync(async Task () =>
        await Database.ScriptEvaluateAsync(ReleaseScript, new { run = (RedisValue)RunKey(headers.Id, headers.Retries).ToString(), owner }));

    /// <summary>Waits until a task's result is SUCCESS, FAILURE or REVOKED, woken by the backend's publish and checked once a second besides.</summary>
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

        if (reply.Length < 3)
        {
            return new ChordProgress(null);
        }

        var parts = ((RedisResult[])reply[2]!).Select(member =>
        {
            var tuple = JsonNode.Parse((string)member!)!.AsArray();
            return new ChordPart(tuple[1]!.GetValue<string>(), tuple[2]!.GetValue<string>(), tuple[3]?.DeepClone());
        }).ToList();
        return new ChordProgress(parts, FiredBefore: (long)reply[3] == 1);
    }

    /// <summary>Deletes a fired chord's parts as Celery does; the counted ids and the firing claim stay until they expire.</summary>
    public Task<long> ForgetChordAsync(string groupId) =>
        RetryAsync(() => Database.KeyDeleteAsync([GroupKey(groupId, ".j"), GroupKey(groupId, ".t"), GroupKey(groupId, ".s")]));

    // A call StackExchange.Redis has not answered is abandoned when the tolerance is spent (the client has no cancellation
    // of its own), and tried again within it.
    private Task<T> RetryAsync<T>(Func<Task<T>> operation) =>
        outage is null ? operation() : outage.ExecuteAsync((_, token) => operation().WaitAsync(token));

    private Task RetryAsync(Func<Task> operation) =>
        outage is null ? operation() : outage.ExecuteAsync((_, token) => operation().WaitAsync(token));
}
