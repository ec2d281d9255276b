using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Waitinator.Tests;

/// <summary>
/// The figures the report must give for one repetition, computed here with SQL of the test's own, straight from the
/// worker's waitinate_tasks (times as Unix seconds with their full fraction: julianday() keeps only milliseconds).
/// </summary>
internal sealed record ReporterSqlFigures(long TaskCount, double MeanTaskSeconds, double TotalSeconds, double LongestSleepSeconds, double SumSleepSeconds, double FirstStartUnixSeconds, double LastEndUnixSeconds)
{
    public static ReporterSqlFigures Read(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            WITH tasks AS (
                SELECT sleep_seconds,
                       CAST(strftime('%s', substr(started_at, 1, 19)) AS INTEGER) + CAST('0' || substr(started_at, 20, length(started_at) - 20) AS REAL) AS started,
                       CAST(strftime('%s', substr(ended_at, 1, 19)) AS INTEGER) + CAST('0' || substr(ended_at, 20, length(ended_at) - 20) AS REAL) AS ended
                FROM waitinate_tasks)
            SELECT COUNT(*), AVG(ended - started), MAX(ended) - MIN(started), MAX(sleep_seconds), SUM(sleep_seconds), MIN(started), MAX(ended)
            FROM tasks
            """;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return new ReporterSqlFigures(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6));
    }

    /// <summary>Every task's duration (ended_at - started_at) and queue wait (started_at - published_at, null where not recorded), by SQL.</summary>
    public static IReadOnlyList<(double Seconds, double? QueueWaitSeconds)> Tasks(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            WITH tasks AS (
                SELECT CAST(strftime('%s', substr(published_at, 1, 19)) AS INTEGER) + CAST('0' || substr(published_at, 20, length(published_at) - 20) AS REAL) AS published,
                       CAST(strftime('%s', substr(started_at, 1, 19)) AS INTEGER) + CAST('0' || substr(started_at, 20, length(started_at) - 20) AS REAL) AS started,
                       CAST(strftime('%s', substr(ended_at, 1, 19)) AS INTEGER) + CAST('0' || substr(ended_at, 20, length(ended_at) - 20) AS REAL) AS ended
                FROM waitinate_tasks)
            SELECT ended - started, started - published FROM tasks
            """;
        using var reader = command.ExecuteReader();
        var tasks = new List<(double, double?)>();
        while (reader.Read())
        {
            tasks.Add((reader.GetDouble(0), reader.IsDBNull(1) ? null : reader.GetDouble(1)));
        }

        return tasks;
    }

    /// <summary>The p-th percentile as numpy and Excel's PERCENTILE.INC compute it: linear between the order statistics around (n - 1) p.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var position = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(position);
        return below + 1 < sorted.Count ? sorted[below] + ((position - below) * (sorted[below + 1] - sorted[below])) : sorted[below];
    }

    /// <summary>Concurrency x replicas, as configuration.json gives them.</summary>
    public static int Slots(string configurationJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(configurationJson));
        var root = document.RootElement;
        return root.GetProperty("concurrency").GetInt32() * (root.TryGetProperty("replicas", out var replicas) ? replicas.GetInt32() : 1);
    }

    public static double UnixSeconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).TotalSeconds;

    public static DateTimeOffset RunStartedAt(string runJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(runJson));
        return DateTimeOffset.Parse(document.RootElement.GetProperty("started_at").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>max(longest sleep, sum of sleeps / slots): the ideal where there is one slot or a slot per task, a lower bound elsewhere.</summary>
    public double Ideal(int slots) => Math.Max(LongestSleepSeconds, SumSleepSeconds / slots);

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
