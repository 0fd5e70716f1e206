using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Workflow.Server.Live;

namespace Workflow.Tests.Dashboard;

/// <summary>
/// Takes the server's live hub away and brings it back, as a dropped network does to a page: while it lasts, the hub's
/// connections are cut (their requests aborted, so the browser sees its WebSocket die, not a polite close) and new
/// ones are refused with 503, so the page's reconnect attempts fail until <see cref="End"/>. The rest of the API stays
/// up. Registered as the server's first middleware (an <see cref="IStartupFilter"/>).
/// </summary>
public sealed class HubOutage : IStartupFilter
{
    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();
    private volatile bool _down;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, handler) =>
        {
            if (!context.Request.Path.StartsWithSegments(NotificationsHub.Path))
            {
                await handler(context);
                return;
            }
            if (_down)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            _open[context] = 0;
            try
            {
                await handler(context);
            }
            finally
            {
                _open.TryRemove(context, out _);
            }
        });
        next(app);
    };

    /// <summary>Cuts every hub connection and refuses new ones.</summary>
    public void Begin()
    {
        _down = true;
        foreach (var context in _open.Keys)
            context.Abort();
    }

    /// <summary>Lets connections in again.</summary>
    public void End() => _down = false;
}
