using System.Data;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;
using Waitinator.Contracts.Storage;

namespace Waitinator.Api;

/// <summary>
/// Records answered requests in SQLite. Thousands of requests finish together, and SQLite takes one writer at a time,
/// so a single background writer inserts them in batches, one transaction each; a request answers once its row is committed.
/// </summary>
public sealed class RequestLog : BackgroundService
{
    private readonly IOptions<ApiOptions> _options;
    private readonly ILogger<RequestLog> _logger;
    private readonly string _connectionString;
    private readonly BatchedCommits<WaitinateRecord> _commits;

    /// <summary>The writer's connection, opened by the writer loop before it takes the first batch.</summary>
    private SqliteConnection? _writer;

    public RequestLog(IOptions<ApiOptions> options, ILogger<RequestLog> logger)
    {
        _options = options;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Value.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        _commits = new BatchedCommits<WaitinateRecord>(InsertAsync);
    }

    public static readonly ActivitySource Activity = new("Waitinator.Api");

    /// <summary>Completes when the record is committed; faults if it could not be written. Its span covers the wait for the batch's commit.</summary>
    public async Task RecordAsync(WaitinateRecord record)
    {
        using var span = Activity.StartActivity("INSERT requests", ActivityKind.Client)
            ?.SetTag("db.system.name", "sqlite").SetTag("db.operation.name", "INSERT").SetTag("db.collection.name", "requests");
        await _commits.CommitAsync(record);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Create the schema before the Api takes requests, so a bad path fails the start, not the first request.
        var directory = Path.GetDirectoryName(Path.GetFullPath(_options.Value.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var schema = connection.CreateCommand();
        schema.CommandText =
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS requests (
                id TEXT PRIMARY KEY,
                sleep_seconds REAL NOT NULL,
                total_seconds REAL NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT NOT NULL
            );
            """;
        await schema.ExecuteNonQueryAsync(cancellationToken);
        _logger.LogInformation("Recording requests in {DatabasePath}", Path.GetFullPath(_options.Value.DatabasePath));
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the writer drain what is queued before the host goes.
        _commits.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(CancellationToken.None);
        _writer = connection;
        await _commits.RunAsync((exception, count) => _logger.LogError(exception, "Could not record {Count} requests", count));
    }

    private static readonly PreparedBatchInsert<WaitinateRecord> Insert = new(
        """
        INSERT OR IGNORE INTO requests (id, sleep_seconds, total_seconds, started_at, ended_at)
        VALUES (@Id, @SleepSeconds, @TotalSeconds, @StartedAt, @EndedAt)
        """,
        ("@Id", DbType.String, record => record.Id.ToString()),
        ("@SleepSeconds", DbType.Double, record => record.SleepSeconds),
        ("@TotalSeconds", DbType.Double, record => record.TotalSeconds),
        ("@StartedAt", DbType.String, record => Timestamps.Format(record.StartedAt)),
        ("@EndedAt", DbType.String, record => Timestamps.Format(record.EndedAt)));

    private Task InsertAsync(IReadOnlyList<WaitinateRecord> batch) => Insert.ExecuteAsync(_writer!, batch);
}
