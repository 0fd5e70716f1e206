using System.Data.Common;
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
