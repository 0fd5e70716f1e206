using Workflow.Engine.Storage;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>Rows generated inside the database, so bulk fixtures cost one statement, not one round trip per row.</summary>
public static class NumberSeries
{
    /// <summary>A FROM item named <c>n</c> with one column <c>i</c> running from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string From(IStorageProvider storage, long from, long to) => storage.Name == "postgres"
        ? $"(SELECT i FROM generate_series({from}, {to}) AS s(i)) AS n"
        : $"(WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {to}) SELECT i FROM s) AS n";
}
