using System.Data.Common;
using System.Text.RegularExpressions;

namespace Workflow.Engine.Storage;

/// <summary>
/// The statements a group-commit writer runs, kept prepared on its connection: the engine writes a few dozen statement
/// shapes over and over, and preparing (parsing, planning, resolving parameter names) was a large share of each write.
/// Where the driver sends many statements in one round trip (<see cref="DbConnection.CanCreateBatch"/>: Npgsql, not
/// SQLite's in-process driver), a writer puts a group's statements into one <see cref="DbBatch"/> instead, which the
/// driver prepares itself (auto-prepare).
/// </summary>
internal sealed partial class PreparedStatements(DbConnection connection) : IAsyncDisposable
{
    // Multi-row inserts vary with their row count; past this many shapes the cache starts over.
    private const int MaxStatements = 256;
    private readonly Dictionary<string, (DbCommand Command, string[] Names)> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _batchedNames = new(StringComparer.Ordinal);

    /// <summary>True when statements can be sent together, in one <see cref="DbBatch"/>.</summary>
    public bool CanBatch => connection.CanCreateBatch;

    public DbBatch CreateBatch(DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    /// <summary>Adds the statement to <paramref name="batch"/>, its parameters bound as <see cref="ExecuteAsync"/> binds them.</summary>
    public void Add(DbBatch batch, string sql, WriteBatch.ParameterSet values)
    {
        if (!_batchedNames.TryGetValue(sql, out var names))
        {
            if (_batchedNames.Count >= MaxStatements)
                _batchedNames.Clear();
            names = NamesIn(sql);
            _batchedNames[sql] = names;
        }
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        for (var i = 0; i < names.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + names[i];
            parameter.Value = ValueAt(values, names, i);
            command.Parameters.Add(parameter);
        }
        batch.BatchCommands.Add(command);
    }

    public async Task<int> ExecuteAsync(DbTransaction transaction, string sql, WriteBatch.ParameterSet values) =>
        await (await BindAsync(transaction, sql, values)).ExecuteNonQueryAsync();

    /// <summary>Runs the statement and returns the first column of its first row (what a RETURNING clause gave), or null.</summary>
    public async Task<object?> ScalarAsync(DbTransaction transaction, string sql, WriteBatch.ParameterSet values) =>
        await (await BindAsync(transaction, sql, values)).ExecuteScalarAsync() is { } value and not DBNull ? value : null;

    private async Task<DbCommand> BindAsync(DbTransaction transaction, string sql, WriteBatch.ParameterSet values)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            if (_statements.Count >= MaxStatements)
                await ClearAsync();
            statement = Prepare(sql);
            _statements[sql] = statement;
        }
        var (command, names) = statement;
        command.Transaction = transaction;
        // A multi-row insert names its parameters in the order the statement uses them, so they bind by position rather
        // than by a lookup per name among its hundreds.
        for (var i = 0; i < names.Length; i++)
            command.Parameters[i].Value = ValueAt(values, names, i);
        return command;
    }

    private static object ValueAt(WriteBatch.ParameterSet values, string[] names, int i) =>
        (i < values.Names.Length && string.Equals(values.Names[i], names[i], StringComparison.Ordinal)
            ? values.Values[i] : values.ValueOf(names[i])) ?? DBNull.Value;

    // The parameters the statement names, once each, in order; values the statement does not use are not bound.
    private static string[] NamesIn(string sql) =>
        ParameterName().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private (DbCommand, string[]) Prepare(string sql)
    {
        var names = NamesIn(sql);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        return (command, names);
    }

    private async Task ClearAsync()
    {
        foreach (var (command, _) in _statements.Values)
            await command.DisposeAsync();
        _statements.Clear();
        _batchedNames.Clear();
    }

    public async ValueTask DisposeAsync() => await ClearAsync();

    [GeneratedRegex(@"(?<![@\w])@(\w+)")]
    private static partial Regex ParameterName();
}
