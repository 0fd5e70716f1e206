using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Dashboard;

/// <summary>
/// The real server on Kestrel (127.0.0.1, a free port) and Debian's Chromium driven by Playwright, for the dashboard's
/// end-to-end tests. No browser is downloaded: Playwright runs <see cref="ChromiumPath"/>, which test.sh installs.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // What Chromium needs in a container as root (--no-sandbox) and on a closed network (no updates, sync, QUIC...).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser, Uri baseAddress)
    {
        _playwright = playwright;
        Browser = browser;
        BaseAddress = baseAddress;
    }

    public IBrowser Browser { get; }
    public Uri BaseAddress { get; }

    /// <summary>Where screenshots go: <c>WORKFLOW_TEST_ARTIFACTS</c> (test.sh sets it) or the test output's TestResults.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("WORKFLOW_TEST_ARTIFACTS") is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "TestResults"),
        "dashboard");

    /// <summary>Starts <paramref name="server"/> on Kestrel and a headless Chromium.</summary>
    public static async Task<BrowserSession> StartAsync(WorkflowServerFactory server)
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"{ChromiumPath} is missing: install Debian's chromium package (./test.sh does when run as root).");
        server.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ArtifactsDirectory);
        return new BrowserSession(playwright, browser, new Uri(address));
    }

    /// <summary>A user's own browser context (their own storage), signed in to the dashboard with <paramref name="token"/>.</summary>
    public async Task<IPage> SignInAsync(string token, string view = "approve", string? screenshot = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/#{view}");
        if (screenshot is not null)
            await ScreenshotAsync(page, screenshot);
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"{name}.png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
