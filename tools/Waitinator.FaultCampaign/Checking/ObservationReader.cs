using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.FaultCampaign.History;
using Waitinator.FaultCampaign.Lab;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.FaultCampaign.Checking;

/// <summary>Reads what the checker needs once the workers have stopped: the history, the two databases, Redis and the queues.</summary>
public static class ObservationReader
{
    private static readonly string[] TaskQueues = ["waitinate", "summarize"];

    public static async Task<Observations> ReadAsync(CampaignLab lab)
    {
        var history = HistoryLog.ReadAll(lab.HistoryFolder);
        var (tasks, summaries) = ReadWorkerDatabase(lab.WorkerDatabase);
        var requests = ReadApiRequests(lab.Api.DatabasePath);
        var (deadLetters, leftovers) = await ReadQueuesAsync(lab.Servers.BrokerConnectionString);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in history.Where(e => e.Op is HistoryEvent.Submit or HistoryEvent.Poison or HistoryEvent.Result))
        {
            foreach (var key in new[] { "id", "callback" })
            {
                if (e.Value[key]?.GetValue<string>() is { } id)
                {
                    ids.Add(id);
                }
            }

            foreach (var header in e.Value["headers"]?.AsArray() ?? [])
            {
                ids.Add(header!.GetValue<string>());
            }
        }

        ids.UnionWith(leftovers.Select(l => l.Id).OfType<string>());
        var results = await ReadResultsAsync(lab.Servers.BackendConnectionString, ids);
        return new Observations(history, tasks, summaries, requests, results, deadLetters, leftovers);
    }

    private static (Dictionary<string, TaskRow>, Dictionary<string, SummaryRow>) ReadWorkerDatabase(string path)
    {
        if (!File.Exists(path))
        {
            return ([], []);
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        var tasks = connection.Query<(string TaskId, string RequestId, string EndedAt, long Runs)>("SELECT task_id, request_id, ended_at, runs FROM waitinate_tasks")
            .ToDictionary(row => row.TaskId, row => new TaskRow(row.TaskId, row.RequestId, Time(row.EndedAt), row.Runs));
        var summaries = connection.Query<(string TaskId, long Runs, string HeaderTaskIds, string RecordedAt)>("SELECT task_id, runs, header_task_ids, recorded_at FROM summaries")
            .ToDictionary(row => row.TaskId, row => new SummaryRow(row.TaskId, row.Runs, JsonSerializer.Deserialize<List<string>>(row.HeaderTaskIds) ?? [], Time(row.RecordedAt)));
        return (tasks, summaries);
    }

    private static HashSet<string> ReadApiRequests(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        return [.. connection.Query<string>("SELECT id FROM requests")];
    }

    private static async Task<Dictionary<string, StoredResult>> ReadResultsAsync(string backend, IEnumerable<string> ids)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(backend);
        var database = redis.GetDatabase();
        var results = new Dictionary<string, StoredResult>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(500))
        {
            var values = await database.StringGetAsync(batch.Select(id => RedisResultBackend.TaskKey(id)).ToArray());
            for (var index = 0; index < batch.Length; index++)
            {
                if (values[index].IsNull)
                {
                    continue;
                }

                byte[] stored = values[index]!;
                var meta = JsonNode.Parse(stored);
                results[batch[index]] = new StoredResult(
                    meta?["status"]?.GetValue<string>() ?? "PENDING", meta?["date_done"]?.GetValue<string>(),
                    Convert.ToHexString(SHA256.HashData(stored))[..16], meta?["result"]?.DeepClone());
            }
        }

        return results;
    }

    /// <summary>Takes every message off the dead-letter queue and the task queues.</summary>
    private static async Task<(List<DeadLetterRecord>, List<LeftoverMessage>)> ReadQueuesAsync(string broker)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var deadLetters = new List<DeadLetterRecord>();
        await QueueTopology.DeclareAsync(channel, DeadLetterPublisher.Queue);
        while (await channel.BasicGetAsync(DeadLetterPublisher.Queue, autoAck: true) is { } message)
        {
            IDictionary<string, object?> headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            deadLetters.Add(new DeadLetterRecord(
                Header(headers, "id"), Header(headers, DeadLetterPublisher.ErrorTypeHeader),
                Header(headers, DeadLetterPublisher.ReasonHeader), Header(headers, DeadLetterPublisher.QueueHeader)));
        }

        var leftovers = new List<LeftoverMessage>();
        foreach (var queue in TaskQueues)
        {
            await QueueTopology.DeclareAsync(channel, queue);
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
            {
                leftovers.Add(new LeftoverMessage(queue, message.BasicProperties.Headers is { } headers && headers.TryGetValue("id", out var id) ? Text(id) : null));
            }
        }

        return (deadLetters, leftovers);
    }

    private static string Header(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value) ? Text(value) : string.Empty;

    private static string Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        null => string.Empty,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
