using System.Data.Common;
using System.Text;
using Dapper;

namespace Workflow.Engine.Storage;

/// <summary>
/// The writes of one grain turn (its state and the rows it mirrors into side tables), committed together: all of them or
/// none. A batch is handed to <see cref="GroupCommit"/>, which commits it in one transaction with the batches of other
/// turns waiting at the same time.
/// </summary>
public sealed class WriteBatch
{
    private readonly List<WriteCommand> _commands = [];

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _commands.Count == 0;

    /// <summary>
    /// Adds a statement. <paramref name="parameters"/> may be a sequence, which runs the statement once per element.
    /// <paramref name="checkRowsAffected"/> may refuse the outcome (an optimistic-concurrency guard that matched no row),
    /// which fails the whole batch and changes nothing.
    /// </summary>
    public WriteBatch Add(string sql, object? parameters, Func<int, Exception?>? checkRowsAffected = null)
    {
        _commands.Add(new WriteCommand(sql, parameters, checkRowsAffected));
        return this;
    }

    /// <summary>
    /// Adds one multi-row INSERT for <paramref name="rows"/> (in chunks that keep under the drivers' parameter limits):
    /// one statement for the database to parse and run instead of one per row.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="rows">The rows; nothing is added when there are none.</param>
    /// <param name="suffix">What follows the VALUES list, such as an ON CONFLICT clause.</param>
    /// <param name="columns">Each column and how to read its value from a row.</param>
    public WriteBatch AddRows<T>(string table, IReadOnlyCollection<T> rows, string suffix, params (string Column, Func<T, object?> Value)[] columns)
    {
        var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / columns.Length);
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            var parameters = new DynamicParameters();
            var values = new StringBuilder();
            for (var r = 0; r < chunk.Length; r++)
            {
                values.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var name = $"p{r}_{c}";
                    values.Append(c == 0 ? "@" : ", @").Append(name);
                    parameters.Add(name, columns[c].Value(chunk[r]));
                }
                values.Append(')');
            }
            Add($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES {values} {suffix}", parameters);
        }
        return this;
    }

    // SQLite allows 32,766 parameters per statement and PostgreSQL 65,535; rows stay far below either.
    private const int MaxParametersPerStatement = 2_000;

    /// <summary>Adds the statements of another batch after these.</summary>
    public WriteBatch Add(WriteBatch? other)
    {
        if (other is not null)
            _commands.AddRange(other._commands);
        return this;
    }

    internal async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var command in _commands)
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(command.Sql, command.Parameters, transaction, cancellationToken: cancellationToken));
            if (command.CheckRowsAffected?.Invoke(rows) is { } refusal)
                throw refusal;
        }
    }

    private sealed record WriteCommand(string Sql, object? Parameters, Func<int, Exception?>? CheckRowsAffected);
}
