using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;

namespace Waitinator.FaultCampaign.History;

/// <summary>
/// Records every result the backend publishes (the engine publishes a result on its key's channel in the same step as it
/// stores it), so that the checker sees a stored SUCCESS replaced, which the final state alone would hide. While Redis is
/// down nothing is stored or published; a publish in the moment between Redis's return and the resubscription is missed.
/// </summary>
public sealed class ResultObserver(IConnectionMultiplexer redis, HistoryLog history)
{
    public async Task StartAsync()
    {
        var channel = RedisChannel.Pattern(RedisResultBackend.TaskKeyPrefix + "*");
        (await redis.GetSubscriber().SubscribeAsync(channel)).OnMessage(message =>
        {
            var id = message.Channel.ToString()[RedisResultBackend.TaskKeyPrefix.Length..];
            byte[] stored = message.Message!;
            string? status = null;
            string? done = null;
            try
            {
                var meta = JsonNode.Parse(stored);
                status = meta?["status"]?.GetValue<string>();
                done = meta?["date_done"]?.GetValue<string>();
            }
            catch (JsonException)
            {
            }

            history.Write(HistoryEvent.Ok, HistoryEvent.Result, new JsonObject
            {
                ["id"] = id,
                ["status"] = status,
                ["date_done"] = done,
                ["hash"] = Convert.ToHexString(SHA256.HashData(stored))[..16],
            });
        });
    }
}
