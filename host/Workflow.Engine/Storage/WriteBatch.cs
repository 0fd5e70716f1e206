using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Workflow.Engine.Storage;

/// <summary>
/// The writes of one grain turn (its state and the rows it mirrors into side tables), committed together: all of them or
/// none. A batch is handed to <see cref="GroupCommit"/>, which commits it in one transaction with the batches of other
/// turns waiting at the same time, on statements its writer keeps prepared.
/// </summary>
public sealed class WriteBatch
{
    // SQLite allows 32,766 parameters per statement and PostgreSQL 65,535; rows stay far below either.
    private const int MaxParametersPerStatement = 2_000;
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> PropertiesByType = new();

    private readonly List<WriteCommand> _commands = [];
    private readonly List<ICommitOrderedWrite> _inCommitOrder = [];

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _commands.Count == 0 && _inCommitOrder.Count == 0;

    internal IReadOnlyList<ICommitOrderedWrite> InCommitOrder => _inCommitOrder;

    internal IReadOnlyList<WriteCommand> Commands => _commands;

    /// <summary>
    /// Adds a write that numbers rows per key (a user's feed): it runs after the statements of every batch of its
    /// commit, under the store's lock on its key (<see cref="IStorageProvider.CommitOrderLockSql"/>), keys in order, so
    /// what it numbers N is committed before anything is numbered N + 1, and no extra commit is needed to number it.
    /// </summary>
    internal WriteBatch AddInCommitOrder(ICommitOrderedWrite write)
    {
        _inCommitOrder.Add(write);
        return this;
    }

    /// <summary>
    /// Adds a statement whose <c>@Name</c> parameters take the values of <paramref name="parameters"/>' properties of the
    /// same names; a sequence of such objects runs the statement once per element. <paramref name="checkRowsAffected"/>
    /// may refuse the outcome (an optimistic-concurrency guard that matched no row), which fails the whole batch and
    /// changes nothing.
    /// </summary>
    public WriteBatch Add(string sql, object? parameters, Func<int, Exception?>? checkRowsAffected = null)
    {
        var sets = parameters switch
        {
            null => [ParameterSet.Empty],
            IEnumerable sequence and not string => sequence.Cast<object>().Select(ParameterSet.Of).ToList(),
            _ => [ParameterSet.Of(parameters)],
        };
        _commands.Add(new WriteCommand(sql, sets, checkRowsAffected));
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
            var names = new string[chunk.Length * columns.Length];
            var values = new object?[names.Length];
            var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Column))}) VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var i = r * columns.Length + c;
                    names[i] = $"p{r}_{c}";
                    values[i] = columns[c].Value(chunk[r]);
                    sql.Append(c == 0 ? "@" : ", @").Append(names[i]);
                }
                sql.Append(')');
            }
            sql.Append(' ').Append(suffix);
            _commands.Add(new WriteCommand(sql.ToString(), [new ParameterSet(names, values)], null));
        }
        return this;
    }

    /// <summary>Adds the statements of another batch after these.</summary>
    public WriteBatch Add(WriteBatch? other)
    {
        if (other is not null)
        {
            _commands.AddRange(other._commands);
            _inCommitOrder.AddRange(other._inCommitOrder);
        }
        return this;
    }

    internal async Task ExecuteAsync(PreparedStatements statements, System.Data.Common.DbTransaction transaction)
    {
        foreach (var command in _commands)
        {
            var rows = 0;
            foreach (var set in command.ParameterSets)
                rows += await statements.ExecuteAsync(transaction, command.Sql, set);
            if (command.CheckRowsAffected?.Invoke(rows) is { } refusal)
                throw refusal;
        }
    }

    /// <summary>A statement, run once per parameter set; its rows affected, summed, go to the check.</summary>
    internal sealed record WriteCommand(string Sql, IReadOnlyList<ParameterSet> ParameterSets, Func<int, Exception?>? CheckRowsAffected);

    /// <summary>Parameter names (without the @) and their values for one execution of a statement.</summary>
    internal sealed record ParameterSet(string[] Names, object?[] Values)
    {
        public static readonly ParameterSet Empty = new([], []);

        public static ParameterSet Of(object parameters)
        {
            var properties = PropertiesByType.GetOrAdd(parameters.GetType(), type => type
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => (p.Name, p)).ToArray());
            return new ParameterSet(properties.Select(p => p.Name).ToArray(), properties.Select(p => p.Property.GetValue(parameters)).ToArray());
        }

        public object? ValueOf(string name)
        {
            for (var i = 0; i < Names.Length; i++)
                if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
                    return Values[i];
            throw new InvalidOperationException($"No value is given for parameter @{name}.");
        }
    }
}

/// <summary>
/// A write numbered in commit order per <see cref="OrderKey"/> (see <see cref="WriteBatch.AddInCommitOrder"/>). It may run
/// more than once (its commit is retried without a batch that failed), each time as if for the first time.
/// </summary>
internal interface ICommitOrderedWrite
{
    /// <summary>What the numbering is per (tenant and user); writes of one key run in the order their batches came.</summary>
    string OrderKey { get; }

    /// <summary>The statements, run in order; each returns at most one row whose first column is what it stored.</summary>
    IReadOnlyList<(string Sql, WriteBatch.ParameterSet Values)> Statements { get; }

    /// <summary>What each statement returned, in order (null where it returned no row), once all of them ran.</summary>
    void Stored(IReadOnlyList<object?> returned);
}
