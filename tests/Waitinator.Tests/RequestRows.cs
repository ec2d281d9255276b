using Microsoft.Data.Sqlite;

namespace Waitinator.Tests;

/// <summary>Reads the Api's requests table back, as a user inspecting the SQLite file would.</summary>
internal static class RequestRows
{
    public static Dictionary<Guid, (double Sleep, double Total)> Read(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, sleep_seconds, total_seconds FROM requests";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<Guid, (double, double)>();
        while (reader.Read())
        {
            rows.Add(Guid.Parse(reader.GetString(0)), (reader.GetDouble(1), reader.GetDouble(2)));
        }

        return rows;
    }
}
