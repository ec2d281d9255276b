using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Runs a run-once task (a chord callback, a link or chain continuation: messages the engine may publish more than once
/// under one id) at most once however many copies arrive, on however many workers: a copy claims the run in the result
/// backend first. The claim is a lease, renewed while the task runs, so that a copy takes over when the worker holding it
/// died; it is marked done with the task's result, so that a later copy does not run it again.
/// </summary>
internal sealed partial class RunOnceClaims(RedisResultBackend backend, WorkerIdentity worker, ILogger<RunOnceClaims> logger)
{
    /// <summary>How long a claim lasts without renewal: a copy of a task whose worker died runs this long after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Claims the run, waiting while another worker holds it; null when the task has run already.</summary>
    public async Task<HeldRun?> AcquireAsync(TaskHeaders headers)
    {
        var owner = $"{worker.Name}/{Guid.NewGuid():N}";
        var waiting = false;
        while (true)
        {
            switch (await backend.ClaimRunAsync(headers, owner, Lease))
            {
                case RunClaim.Claimed:
                    return new HeldRun(backend, headers, owner, this);
                case RunClaim.Done:
                    LogAlreadyRun(headers.Task, headers.Id);
                    return null;
                default:
                    if (!waiting)
                    {
                        LogWaiting(headers.Task, headers.Id);
                        waiting = true;
                    }

                    await Task.Delay(Poll);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {Task}[{TaskId}] runs once and has run already; this copy is not run")]
    private partial void LogAlreadyRun(string task, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {Task}[{TaskId}] runs once and another worker runs it now; this copy waits for its result, or for its claim to lapse")]
    private partial void LogWaiting(string task, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}[{TaskId}]: another worker took over its run claim while it ran here (the backend was unreachable longer than the claim's lease)")]
    internal partial void LogClaimLost(string task, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}[{TaskId}]: its run claim could not be renewed or given up")]
    internal partial void LogClaimFailed(Exception exception, string task, string taskId);

    /// <summary>A claim held by this worker, renewed until disposed.</summary>
    internal sealed class HeldRun : IAsyncDisposable
    {
        private readonly RedisResultBackend _backend;
        private readonly TaskHeaders _headers;
        private readonly string _owner;
        private readonly RunOnceClaims _claims;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public HeldRun(RedisResultBackend backend, TaskHeaders headers, string owner, RunOnceClaims claims)
        {
            (_backend, _headers, _owner, _claims) = (backend, headers, owner, claims);
            _renewing = RenewAsync();
        }

        /// <summary>The claim's key, marked done when the result is stored with it.</summary>
        public RedisKey Key => RedisResultBackend.RunKey(_headers.Id, _headers.Retries);

        /// <summary>Set once the task's outcome is stored with the claim: it is then done, not given up.</summary>
        public bool Completed { get; set; }

        private async Task RenewAsync()
        {
            using var timer = new PeriodicTimer(Lease / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        if (!await _backend.RenewRunAsync(_headers, _owner, Lease))
                        {
                            _claims.LogClaimLost(_headers.Task, _headers.Id);
                            return;
                        }
                    }
                    catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
                    {
                        _claims.LogClaimFailed(exception, _headers.Task, _headers.Id);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        /// <summary>Stops renewing; a claim not completed is given up, so that a copy given back runs at once.</summary>
        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            if (!Completed)
            {
                try
                {
                    await _backend.ReleaseRunAsync(_headers, _owner);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // The lease runs out by itself.
                    _claims.LogClaimFailed(exception, _headers.Task, _headers.Id);
                }
            }
        }
    }
}
