using Dapper;
using Microsoft.Data.Sqlite;

namespace Waitinator.Tests.Lab;

/// <summary>
/// What the Api's database says of a run: total time is MAX(end) - MIN(start) over all requests,
/// as the original investigation measured it.
/// </summary>
public sealed record ApiRequestSummary(long Requests, double MeanSleepSeconds, double MeanRequestSeconds, double TotalSeconds)
{
    public static ApiRequestSummary Read(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
        }.ToString());
        return connection.QuerySingle<ApiRequestSummary>(
            """
            SELECT COUNT(*) AS Requests,
                   COALESCE(AVG(sleep_seconds), 0.0) AS MeanSleepSeconds,
                   COALESCE(AVG(total_seconds), 0.0) AS MeanRequestSeconds,
                   COALESCE((julianday(MAX(ended_at)) - julianday(MIN(started_at))) * 86400.0, 0.0) AS TotalSeconds
            FROM requests
            """);
    }
}
