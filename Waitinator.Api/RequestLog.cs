using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Waitinator.Api;

/// <summary>
/// Records answered requests in SQLite. Thousands of requests finish together, and SQLite takes one writer at a time,
/// so a single background writer inserts them in batches, one transaction each; a request answers once its row is committed.
/// </summary>
public sealed class RequestLog(IOptions<ApiOptions> options, ILogger<RequestLog> logger) : BackgroundService
{
    private const int MaxBatch = 1024;

    private readonly Channel<(WaitinateRecord Record, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(WaitinateRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.Value.DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();

    public static readonly ActivitySource Activity = new("Waitinator.Api");

    /// <summary>Completes when the record is committed; faults if it could not be written. Its span covers the wait for the batch's commit.</summary>
    public async Task RecordAsync(WaitinateRecord record)
    {
        using var span = Activity.StartActivity("INSERT requests", ActivityKind.Client)
            ?.SetTag("db.system.name", "sqlite").SetTag("db.operation.name", "INSERT").SetTag("db.collection.name", "requests");
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((record, committed)))
        {
            committed.SetException(new InvalidOperationException("The request log is shut down."));
        }

        await committed.Task;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Create the schema before the Api takes requests, so a bad path fails the start, not the first request.
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS requests (
                id TEXT PRIMARY KEY,
                sleep_seconds REAL NOT NULL,
                total_seconds REAL NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT NOT NULL
            );
            """);
        logger.LogInformation("Recording requests in {DatabasePath}", Path.GetFullPath(options.Value.DatabasePath));
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the writer drain what is queued before the host goes.
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var batch = new List<(WaitinateRecord Record, TaskCompletionSource Committed)>(MaxBatch);

        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                await connection.ExecuteAsync(
                    """
                    INSERT OR IGNORE INTO requests (id, sleep_seconds, total_seconds, started_at, ended_at)
                    VALUES (@Id, @SleepSeconds, @TotalSeconds, @StartedAt, @EndedAt)
                    """,
                    batch.Select(item => new
                    {
                        Id = item.Record.Id.ToString(),
                        item.Record.SleepSeconds,
                        item.Record.TotalSeconds,
                        StartedAt = Timestamps.Format(item.Record.StartedAt),
                        EndedAt = Timestamps.Format(item.Record.EndedAt),
                    }),
                    transaction);
                await transaction.CommitAsync(CancellationToken.None);
                batch.ForEach(item => item.Committed.TrySetResult());
            }
            catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
            {
                logger.LogError(exception, "Could not record {Count} requests", batch.Count);
                batch.ForEach(item => item.Committed.TrySetException(exception));
            }

            batch.Clear();
        }
    }
}
