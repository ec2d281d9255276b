using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace Waitinator.TaskQueue.Resilience;

/// <summary>
/// Carries an operation on RabbitMQ or Redis over an outage of that server: while the client library reconnects, the
/// operation is tried again with exponential back-off and jitter. The whole operation, its first attempt included, has
/// <see cref="Tolerance"/>: each attempt is handed a token cancelled when it is spent, so a call that never answers (a
/// confirm that never comes, a connection RabbitMQ has blocked) fails with a <see cref="TimeoutException"/> instead of
/// hanging. Every operation retried here is idempotent (a result write conditional on what is stored, the chord script's
/// counted-ids set, a publish the consumer checks), so a reply lost with the connection does no harm when it is sent again.
/// </summary>
public sealed partial class OutageRetry
{
    /// <summary>How long an operation waits for its server by default: a restart of RabbitMQ or Redis takes seconds.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);

    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly string _server;
    private long _lastLogged;

    public OutageRetry(string server, TimeSpan tolerance, ILogger logger)
    {
        _server = server;
        _logger = logger;
        Tolerance = tolerance;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsOutage),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = arguments =>
                {
                    LogThrottled(arguments.Outcome.Exception!, arguments.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    public TimeSpan Tolerance { get; }

    /// <summary>
    /// Runs <paramref name="operation"/> (given the attempt, from 0, and a token cancelled once the tolerance is spent or
    /// <paramref name="cancellationToken"/> is); on an outage, again until it succeeds or the tolerance is spent.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Tolerance);
        var attempt = 0;
        Exception? last = null;
        try
        {
            try
            {
                // The happy path pays for no pipeline: only a call that failed goes through the retries.
                return await operation(0, deadline.Token);
            }
            catch (Exception exception) when (IsOutage(exception) && !deadline.IsCancellationRequested)
            {
                last = exception;
                LogThrottled(exception, TimeSpan.Zero);
            }

            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        return await operation(Interlocked.Increment(ref attempt), token);
                    }
                    catch (Exception exception) when (IsOutage(exception))
                    {
                        last = exception;
                        throw;
                    }
                },
                deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{_server} did not answer within {Tolerance}; gave up after {attempt + 1} attempts" + (last is null ? "." : $": {last.Message}"),
                last);
        }
    }

    public Task ExecuteAsync(Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken = default) => ExecuteAsync(async (attempt, token) =>
    {
        await operation(attempt, token);
        return true;
    }, cancellationToken);

    /// <summary>The failures a reconnecting client reports while its server is down or restarting.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        AlreadyClosedException or BrokerUnreachableException or ConnectFailureException => true,
        // A publish whose channel closed before the confirm arrived.
        OperationInterruptedException { ShutdownReason.Initiator: not RabbitMQ.Client.ShutdownInitiator.Peer } => true,
        OperationInterruptedException { ShutdownReason.ReplyCode: RabbitMQ.Client.Constants.ConnectionForced or RabbitMQ.Client.Constants.InternalError } => true,
        IOException or SocketException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };

    /// <summary>RabbitMQ or Redis down, or gone for longer than the outage tolerance: the message is fine, and goes back to its queue.</summary>
    internal static bool IsServerUnavailable(Exception exception) => IsOutage(exception) || exception is TimeoutException;

    /// <summary>A thousand tasks waiting on one outage log it once every few seconds, not a thousand times.</summary>
    private void LogThrottled(Exception exception, TimeSpan delay)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastLogged);
        if (now - last >= LogEvery.TotalMilliseconds && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            LogOutage(_server, Tolerance.TotalSeconds, delay.TotalSeconds, exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server} unreachable, retrying for up to {Tolerance:F0} s (next in {Delay:F1} s): {ErrorType}: {Reason}")]
    private partial void LogOutage(string server, double tolerance, double delay, string errorType, string reason);
}
