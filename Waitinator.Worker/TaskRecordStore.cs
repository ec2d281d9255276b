using System.Data;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Waitinator.Contracts;
using Waitinator.Contracts.Settings;
using Waitinator.Contracts.Storage;

namespace Waitinator.Worker;

/// <summary>
/// The worker's SQLite records: one row per waitinate task and one per chord summary, keyed by task id so that a
/// redelivered task updates its row, counting the run, instead of adding one. Every worker process of a run shares the file (WAL).
/// Task rows are committed in batches (a thousand tasks end together); a task is acknowledged only after its row is committed.
/// The tables exist before any hosted service starts, and the writer stops only after every one has stopped, so that
/// the rows of tasks that end during the worker's warm shutdown still land, whatever the order of registration.
/// </summary>
public sealed class TaskRecordStore : BackgroundService, IHostedLifecycleService
{
    private readonly IOptions<TaskRecordOptions> _options;
    private readonly ILogger<TaskRecordStore> _logger;
    private readonly string _connectionString;
    private readonly BatchedCommits<WaitinateResult> _taskRows;

    public TaskRecordStore(IOptions<TaskRecordOptions> options, ILogger<TaskRecordStore> logger)
    {
        _options = options;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Value.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 60, // Other worker processes may hold the write lock; wait for it.
        }.ToString();
        _taskRows = new BatchedCommits<WaitinateResult>(InsertTasksAsync);
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var options = _options;
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(
            $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS {WorkerTables.Tasks} (
                task_id TEXT PRIMARY KEY,
                request_id TEXT NOT NULL,
                sleep_seconds REAL NOT NULL,
                api_seconds REAL NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT NOT NULL,
                worker TEXT NOT NULL,
                pid INTEGER NOT NULL,
                pool TEXT NOT NULL,
                concurrency INTEGER NOT NULL,
                runs INTEGER NOT NULL DEFAULT 1
            );
            CREATE TABLE IF NOT EXISTS {WorkerTables.Summaries} (
                task_id TEXT PRIMARY KEY,
                task_count INTEGER NOT NULL,
                mean_task_seconds REAL NOT NULL,
                total_seconds REAL NOT NULL,
                worker TEXT NOT NULL,
                header_task_ids TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                runs INTEGER NOT NULL DEFAULT 1
            );
            """);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The writer goes on while the other services stop; it stops in <see cref="StoppedAsync"/>.</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Commits what is queued, once every hosted service (the worker among them) has stopped.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _taskRows.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _taskRows.RunAsync((exception, count) => _logger.LogError(exception, "Could not record {Count} waitinate tasks", count));

    public static readonly ActivitySource Activity = new("Waitinator.Worker");

    /// <summary>Completes when the task's row is committed, with the rows of other tasks that ended at the same time.</summary>
    public async Task SaveAsync(WaitinateResult result)
    {
        using var span = StartInsert(WorkerTables.Tasks);
        await _taskRows.CommitAsync(result);
    }

    private static readonly PreparedBatchInsert<WaitinateResult> InsertTasks = new(
        $"""
        INSERT INTO {WorkerTables.Tasks} (task_id, request_id, sleep_seconds, api_seconds, started_at, ended_at, worker, pid, pool, concurrency)
        VALUES (@TaskId, @RequestId, @SleepSeconds, @ApiSeconds, @StartedAt, @EndedAt, @Worker, @ProcessId, @Pool, @Concurrency)
        ON CONFLICT (task_id) DO UPDATE SET
            request_id = excluded.request_id, sleep_seconds = excluded.sleep_seconds, api_seconds = excluded.api_seconds,
            started_at = excluded.started_at, ended_at = excluded.ended_at, worker = excluded.worker, pid = excluded.pid,
            pool = excluded.pool, concurrency = excluded.concurrency, runs = runs + 1
        """,
        ("@TaskId", DbType.String, result => result.TaskId),
        ("@RequestId", DbType.String, result => result.RequestId),
        ("@SleepSeconds", DbType.Double, result => result.SleepSeconds),
        ("@ApiSeconds", DbType.Double, result => result.ApiSeconds),
        ("@StartedAt", DbType.String, result => Timestamps.Format(result.StartedAt)),
        ("@EndedAt", DbType.String, result => Timestamps.Format(result.EndedAt)),
        ("@Worker", DbType.String, result => result.Worker),
        ("@ProcessId", DbType.Int32, result => result.ProcessId),
        ("@Pool", DbType.String, result => result.Pool),
        ("@Concurrency", DbType.Int32, result => result.Concurrency));

    private async Task InsertTasksAsync(IReadOnlyList<WaitinateResult> batch)
    {
        await using var connection = await OpenAsync();
        await InsertTasks.ExecuteAsync(connection, batch);
    }

    public async Task SaveAsync(ChordSummary summary)
    {
        // Microsoft.Data.Sqlite's async calls run synchronously, and the write may wait for another process's lock: off
        // the caller's thread, so that an async-model worker's dispatch goes on meanwhile.
        await Task.Yield();
        using var span = StartInsert(WorkerTables.Summaries);
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(
            $"""
            INSERT INTO {WorkerTables.Summaries} (task_id, task_count, mean_task_seconds, total_seconds, worker, header_task_ids, recorded_at)
            VALUES (@TaskId, @TaskCount, @MeanTaskSeconds, @TotalSeconds, @Worker, @HeaderTaskIds, @RecordedAt)
            ON CONFLICT (task_id) DO UPDATE SET
                task_count = excluded.task_count, mean_task_seconds = excluded.mean_task_seconds, total_seconds = excluded.total_seconds,
                worker = excluded.worker, header_task_ids = excluded.header_task_ids, recorded_at = excluded.recorded_at, runs = runs + 1
            """,
            new
            {
                summary.TaskId,
                summary.TaskCount,
                summary.MeanTaskSeconds,
                summary.TotalSeconds,
                summary.Worker,
                HeaderTaskIds = JsonSerializer.Serialize(summary.Results.Select(r => r.TaskId)),
                RecordedAt = Timestamps.Format(DateTimeOffset.UtcNow),
            });
    }

    /// <summary>Loads SQLite and Dapper's row mapping with one read, so the first task's write is not the first use.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {WorkerTables.Tasks}", cancellationToken: cancellationToken));
    }

    private static Activity? StartInsert(string table) =>
        Activity.StartActivity($"INSERT {table}", ActivityKind.Client)
            ?.SetTag("db.system.name", "sqlite").SetTag("db.operation.name", "INSERT").SetTag("db.collection.name", table);

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
