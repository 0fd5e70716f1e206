using System.Data.Common;
using Orleans.Storage;

namespace Workflow.Engine.Errors;

/// <summary>
/// Failures of the machinery rather than of the request: the database unreachable or restarting, a silo gone mid-call,
/// a write that lost a race with another activation. The call that hit one kept nothing (its grains drop their turn), so
/// it may simply be sent again; they are never a workflow's own error (a failed response step).
/// </summary>
public static class TransientFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        InconsistentStateException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => true,
        DbException db => db.IsTransient
                          || db is Npgsql.NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException or TimeoutException }
                          || db is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 10 }, // busy, locked, I/O error
        System.Data.DataException => true, // ADO.NET's own "the data layer failed"
        ObjectDisposedException => true, // the node is stopping: its writers take no more work
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
