using System.Text.Json;
using Waitinator.Contracts.Results;
using Waitinator.TaskQueue.Backend;

namespace Waitinator.Producer;

/// <summary>
/// Keeps <see cref="ProducerProgress"/> in a file while the chords run, from the results in the backend: the lab shows
/// progress from it without reading any service's database. Each write replaces the file whole.
/// </summary>
internal static class ProgressFile
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    public static async Task KeepAsync(string path, RedisResultBackend backend, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var timer = new PeriodicTimer(Every);
        try
        {
            do
            {
                var done = await backend.CountReadyAsync(taskIds);
                var temporary = path + ".tmp";
                await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(new ProducerProgress(done, taskIds.Count, DateTimeOffset.UtcNow)), cancellationToken);
                File.Move(temporary, path, overwrite: true);
                if (done == taskIds.Count)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Progress is for the lab's display only: a backend outage ends it, never the run.
        }
    }
}
