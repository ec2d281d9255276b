using Microsoft.Data.Sqlite;

namespace Waitinator.AppHost.Experiments;

/// <summary>Tasks a running repetition has finished, read from the worker's database for the progress line.</summary>
internal static class TaskCounter
{
    public static long CountDone(string workerDatabase)
    {
        if (!File.Exists(workerDatabase))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = workerDatabase,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false, // A pooled handle would keep the file open while the runner moves it.
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM waitinate_tasks";
            return (long)(command.ExecuteScalar() ?? 0L);
        }
        catch (SqliteException)
        {
            return 0; // Not created yet: the worker makes its table when it starts.
        }
    }
}
