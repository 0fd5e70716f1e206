
namespace Workflow.Server.Dashboard;

/// <summary>
/// Serves the dashboard page at <c>/</c>: the files the front-end build wrote into <c>wwwroot</c> (see
/// <c>Dashboard/README.md</c>). They are public; the page signs in with a token and sends it on every API call.
/// </summary>
public static class DashboardPage
{
    public static void UseDashboardPage(this WebApplication app)
    {
        var root = app.Environment.WebRootFileProvider;
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = root });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = root,
            OnPrepareResponse = file =>
            {
                // The build names assets by their content hash, so they never change; the page itself must be re-read
                // to pick up a new build.
                file.Context.Response.Headers.CacheControl = file.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
    }
}
