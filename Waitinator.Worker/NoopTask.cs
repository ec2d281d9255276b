using System.Globalization;
using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.Worker;

/// <summary>
/// noop: does nothing and returns null; what the queue itself costs per task (the benchmark's noop scenario). Called with
/// report_start=true it returns when it started instead, for the benchmark's publish-to-start latency.
/// </summary>
internal sealed class NoopTask : ITaskHandler
{
    public string Name => "noop";

    public ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (request.Message.Kwargs.TryGetPropertyValue("report_start", out var report) && report is JsonValue flag && flag.TryGetValue<bool>(out var yes) && yes)
        {
            return ValueTask.FromResult<JsonNode?>(new JsonObject { ["started_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) });
        }

        return ValueTask.FromResult<JsonNode?>(null);
    }
}
