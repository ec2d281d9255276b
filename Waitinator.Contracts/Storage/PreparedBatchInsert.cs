using System.Data;
using System.Data.Common;

namespace Waitinator.Contracts.Storage;

/// <summary>
/// Writes a batch of rows in one transaction with one prepared statement, its parameters bound again for each row,
/// where binding by name with a parameter set per row (Dapper's way) costs CPU and allocations for every row of a
/// burst (docs/performance.md, "Recording rows").
/// </summary>
public sealed class PreparedBatchInsert<T>(string sql, params (string Parameter, DbType Type, Func<T, object> Value)[] columns)
{
    public async Task ExecuteAsync(DbConnection connection, IReadOnlyList<T> rows)
    {
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = sql;
        var parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            parameters[i] = insert.CreateParameter();
            parameters[i].ParameterName = columns[i].Parameter;
            parameters[i].DbType = columns[i].Type;
            insert.Parameters.Add(parameters[i]);
        }

        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = columns[i].Value(row);
            }

            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
    }
}
