using System.Diagnostics;
using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>One child of the Process model as its supervisor holds it: the process, and the socket it answers on.</summary>
internal sealed class ProcessChild(int index, Process process) : IAsyncDisposable
{
    private readonly TaskCompletionSource<Stream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _lost;

    public int Index { get; } = index;

    public Process Process { get; } = process;

    /// <summary>False once the child died or its socket broke: the slot starts another.</summary>
    public bool Usable => !_lost && !Process.HasExited;

    /// <summary>The child said hello on its socket: its tasks are warm.</summary>
    public void Connected(Stream stream) => _connected.TrySetResult(stream);

    /// <summary>Completes with true once the child said hello, false if it exited or <paramref name="limit"/> passed first.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var exited = Process.WaitForExitAsync(cancellationToken);
        var done = await Task.WhenAny(_connected.Task, exited, Task.Delay(limit, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return done == _connected.Task;
    }

    /// <summary>Runs one task in the child; its exceptions come back as the ones a handler in this process would throw.</summary>
    public async ValueTask<JsonNode?> RunAsync(ChildRequest request)
    {
        var stream = await _connected.Task;
        ChildAnswer? answer;
        try
        {
            await ChildFrames.WriteAsync(stream, request, ChildFrameJsonContext.Default.ChildRequest, CancellationToken.None);
            answer = await ChildFrames.ReadAsync(stream, ChildFrameJsonContext.Default.ChildAnswer, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or InvalidDataException)
        {
            answer = null;
        }

        if (answer is null)
        {
            // Celery's WorkerLostError: the task's process ended under it; the task fails (and a late-acknowledged one is
            // acknowledged with its failure, as Celery does unless told to reject it).
            _lost = true;
            throw new ChildTaskException("WorkerLostError", $"The child process {Process.Id} running the task exited before it answered.", null);
        }

        return answer switch
        {
            { ErrorType: null } => answer.Result,
            { Rejected: true } => throw new TaskRejectedException(answer.Error ?? answer.ErrorType),
            { RetryInSeconds: { } seconds } => throw new TaskRetryException(TimeSpan.FromSeconds(seconds), new ChildTaskException(answer.ErrorType, answer.Error ?? string.Empty, answer.Traceback)),
            _ => throw new ChildTaskException(answer.ErrorType, answer.Error ?? string.Empty, answer.Traceback),
        };
    }

    /// <summary>Closes the socket: an idle child then stops by itself.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connected.Task.IsCompletedSuccessfully)
        {
            await _connected.Task.Result.DisposeAsync();
        }

        _connected.TrySetCanceled();
    }
}
