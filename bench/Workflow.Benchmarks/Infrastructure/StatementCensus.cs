using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workflow.Benchmarks.Infrastructure;

/// <summary>
/// Counts the statements the engine sends to PostgreSQL, from Npgsql's own tracing (one activity per command), grouped by
/// statement text: what one round trip costs the database, which explains throughput better than a profile of this process.
/// </summary>
public sealed class StatementCensus : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private int _total;

    public StatementCensus()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                var key = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(4));
                _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _total);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Total => _total;

    public IReadOnlyList<(string Statement, int Count)> ByStatement() =>
        _counts.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value)).ToList();

    public void Dispose() => _listener.Dispose();
}
