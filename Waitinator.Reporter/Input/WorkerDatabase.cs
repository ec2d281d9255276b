using Waitinator.Contracts;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Waitinator.Reporter.Input;

/// <summary>Reads the waitinate tasks from a repetition's worker/waitinator-worker.db.</summary>
public static class WorkerDatabase
{
    /// <summary>The rows, or null with a warning naming the file when it is missing or unreadable.</summary>
    public static IReadOnlyList<TaskRow>? ReadTasks(string path, ReportWarnings warnings)
    {
        if (!File.Exists(path))
        {
            warnings.Add(path, "missing: no task figures for this repetition");
            return null;
        }

        List<StoredTask> stored;
        try
        {
            // No pooling: a pooled connection would keep the file open after the report.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            stored = connection.Query<StoredTask>(
                $"""
                SELECT task_id AS TaskId, sleep_seconds AS SleepSeconds, started_at AS StartedAt, ended_at AS EndedAt, runs AS Runs
                FROM {WorkerTables.Tasks}
                """).AsList();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidCastException or FormatException)
        {
            warnings.Add(path, $"unreadable ({exception.Message}): no task figures for this repetition");
            return null;
        }

        var rows = new List<TaskRow>(stored.Count);
        var unreadable = new List<string>();
        foreach (var task in stored)
        {
            if (ParseTime(task.StartedAt) is { } started && ParseTime(task.EndedAt) is { } ended && task.SleepSeconds is { } sleep)
            {
                rows.Add(new TaskRow(task.TaskId ?? "", sleep, started, ended, task.Runs ?? 1));
            }
            else
            {
                unreadable.Add(task.TaskId ?? "(no id)");
            }
        }

        if (unreadable.Count > 0)
        {
            warnings.Add(path, $"{unreadable.Count} task row(s) without a readable start, end or sleep skipped ({string.Join(", ", unreadable.Take(3))})");
        }

        return rows;
    }

    /// <summary>
    /// Each recorded chord's header task ids in header order (summaries.header_task_ids, written by its callback); none when
    /// the table is missing or unreadable, which only leaves the ideal without chord structure.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> ReadChordHeaders(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            return
            [
                .. connection.Query<string>($"SELECT header_task_ids FROM {WorkerTables.Summaries}")
                    .Select(json => System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [])
                    .Where(ids => ids.Count > 0),
            ];
        }
        catch (Exception exception) when (exception is SqliteException or System.Text.Json.JsonException or InvalidCastException)
        {
            return [];
        }
    }

    /// <summary>ISO 8601, "Z" or an offset; a time without either is taken as UTC, as the lab writes UTC.</summary>
    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private sealed record StoredTask
    {
        public string? TaskId { get; init; }

        public long? Runs { get; init; }

        public double? SleepSeconds { get; init; }

        public string? StartedAt { get; init; }

        public string? EndedAt { get; init; }
    }
}
