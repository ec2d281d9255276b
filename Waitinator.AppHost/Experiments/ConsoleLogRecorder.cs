namespace Waitinator.AppHost.Experiments;

/// <summary>
/// Keeps the console output of a repetition's worker and producer instances as files beside its other evidence
/// (logs/INSTANCE.log), so that what the dashboard showed while it ran, a Celery worker's traceback say, outlives the lab.
/// </summary>
internal sealed class ConsoleLogRecorder(ResourceLoggerService logs, ResourceStates states)
{
    /// <summary>Records every instance of <paramref name="resources"/> that appears until <paramref name="cancellationToken"/> ends.</summary>
    public async Task RecordAsync(IReadOnlyList<IResource> resources, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var recording = new Dictionary<string, Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var id in resources.SelectMany(states.InstanceIdsOf).Where(id => !recording.ContainsKey(id)))
                {
                    recording[id] = CopyAsync(id, Path.Combine(folder, id + ".log"), cancellationToken);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(recording.Values);
    }

    private async Task CopyAsync(string instance, string path, CancellationToken cancellationToken)
    {
        await using var file = new StreamWriter(path, append: true);
        try
        {
            await foreach (var batch in logs.WatchAsync(instance).WithCancellation(cancellationToken))
            {
                foreach (var line in batch)
                {
                    await file.WriteLineAsync(line.Content);
                }

                await file.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
