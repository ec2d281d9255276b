using System.CommandLine;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.FaultCampaign.History;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Client;
using Waitinator.TaskQueue.Resilience;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.FaultCampaign.Load;

/// <summary>
/// `submit`: one producer of the campaign, a process of its own so that the nemesis can kill it mid-submit. It submits
/// chords of waitinate tasks with a summarize callback through the engine's ChordClient, as the lab's producer does,
/// writing to its history each chord's ids before it submits it (invoke) and once every header task is confirmed (ok).
/// </summary>
internal static class SubmitCommand
{
    public static Command Command()
    {
        var sizes = new Option<int[]>("--sizes") { Description = "One chord per value, of that many waitinate tasks.", Required = true, AllowMultipleArgumentsPerToken = true };
        var history = new Option<string>("--history") { Description = "The history file to append to.", Required = true };
        var name = new Option<string>("--name") { Description = "This producer's name in the history.", Required = true };
        var command = new Command("submit", "One producer of the campaign (started by `run`).") { sizes, history, name };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(sizes)!, parse.GetValue(history)!, parse.GetValue(name)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int[] sizes, string historyPath, string name, CancellationToken cancellationToken)
    {
        using var history = new HistoryLog(historyPath, name);
        var broker = Environment.GetEnvironmentVariable("ConnectionStrings__broker")!;
        var backend = Environment.GetEnvironmentVariable("ConnectionStrings__backend")!;
        await using var connection = await ConnectAsync(() => new ConnectionFactory { Uri = new Uri(broker), ClientProvidedName = name }.CreateConnectionAsync(cancellationToken));
        await using var redis = await ConnectAsync(() => ConnectionMultiplexer.ConnectAsync(backend));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new TaskQueueMetrics(services.GetRequiredService<IMeterFactory>(), connection, redis);
        // A producer rides out a server's restart as the lab's does: slow restarts under load take longer than the workers' tolerance.
        var tolerance = OutageRetry.DefaultTolerance;
        await using var publisher = new TaskPublisher(
            connection, new TaskRoutes(new Dictionary<string, string>()), metrics, new OutageRetry("RabbitMQ", tolerance, NullLogger.Instance));
        var chords = new ChordClient(publisher, new RedisResultBackend(redis, TimeSpan.FromDays(1), new OutageRetry("Redis", tolerance, NullLogger.Instance)));

        foreach (var size in sizes)
        {
            var chord = ChordClient.Plan(size);
            var value = new JsonObject
            {
                ["group"] = chord.GroupId,
                ["callback"] = chord.CallbackTaskId,
                ["headers"] = new JsonArray(chord.HeaderTaskIds.Select(id => (JsonNode)id).ToArray()),
            };
            history.Write(HistoryEvent.Invoke, HistoryEvent.Submit, value);
            try
            {
                await chords.SubmitAsync(chord, "waitinate", "summarize", cancellationToken);
                history.Write(HistoryEvent.Ok, HistoryEvent.Submit, (JsonObject)value.DeepClone());
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Some of its header tasks may be out: its outcome is unknown, as Jepsen's "info".
                var info = (JsonObject)value.DeepClone();
                info["error"] = $"{exception.GetType().Name}: {exception.Message}";
                history.Write(HistoryEvent.Info, HistoryEvent.Submit, info);
                return 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return 0;
    }

    /// <summary>Connects, trying again for a minute: the nemesis may have a server down when a producer starts.</summary>
    private static async Task<T> ConnectAsync<T>(Func<Task<T>> connect)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                return await connect();
            }
            catch (Exception exception) when (DateTime.UtcNow < deadline && exception is not OutOfMemoryException)
            {
                await Task.Delay(500);
            }
        }
    }
}
