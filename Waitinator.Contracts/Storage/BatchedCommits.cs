using System.Threading.Channels;

namespace Waitinator.Contracts.Storage;

/// <summary>
/// Queues records for one writer that commits them in batches. SQLite takes one writer at a time and each commit
/// syncs the disk, so a thousand tasks ending together would otherwise wait on a thousand syncs in a row.
/// A caller's <see cref="CommitAsync"/> completes once its record's batch is committed, and faults if that batch failed.
/// </summary>
public sealed class BatchedCommits<T>(Func<IReadOnlyList<T>, Task> commitBatch, int maxBatch = 1024)
{
    private readonly Channel<(T Record, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(T, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task CommitAsync(T record)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((record, committed)))
        {
            committed.SetException(new InvalidOperationException("The record writer is shut down."));
        }

        return committed.Task;
    }

    /// <summary>No more records: <see cref="RunAsync"/> commits what is queued and returns.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>The writer loop; run it once, for the life of the host.</summary>
    public async Task RunAsync(Action<Exception, int> onFailure)
    {
        var batch = new List<(T Record, TaskCompletionSource Committed)>(maxBatch);
        var records = new List<T>(maxBatch);
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < maxBatch && _pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
                records.Add(item.Record);
            }

            try
            {
                await commitBatch(records);
                batch.ForEach(item => item.Committed.TrySetResult());
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                onFailure(exception, batch.Count);
                batch.ForEach(item => item.Committed.TrySetException(exception));
            }

            batch.Clear();
            records.Clear();
        }
    }
}
