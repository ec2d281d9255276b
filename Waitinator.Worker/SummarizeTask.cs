using System.Text.Json;
using System.Text.Json.Nodes;
using Waitinator.Contracts;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.Worker;

/// <summary>summarize: a chord's callback; takes the list of waitinate results, records and returns their summary.</summary>
internal sealed class SummarizeTask(TaskRecordStore records) : ITaskHandler
{
    public string Name => "summarize";

    public async ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (request.Message.Args is not [JsonArray header, ..])
        {
            throw new TaskRejectedException("summarize takes one argument: the list of waitinate results.");
        }

        List<WaitinateResult> results;
        try
        {
            results = header.Deserialize(WorkerJsonContext.Default.ListWaitinateResult)?.Select(r => r ?? throw new JsonException("a result is null")).ToList() ?? [];
        }
        catch (JsonException exception)
        {
            throw new TaskRejectedException($"summarize's argument is not a list of waitinate results: {exception.Message}");
        }

        var summary = ChordSummary.Of(request.Id, request.Worker.Name, results);
        await records.SaveAsync(summary);
        return JsonSerializer.SerializeToNode(summary, WorkerJsonContext.Default.ChordSummary);
    }
}
