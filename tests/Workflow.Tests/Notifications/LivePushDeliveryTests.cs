using System.Text.Json;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Live;

namespace Workflow.Tests.Notifications;

/// <summary>The dispatcher's path end to end for the live push method: an entry reaches the recipient's SignalR client.</summary>
public sealed class LivePushDeliveryTests
{
    [Fact]
    public async Task An_entry_whose_method_is_live_push_reaches_the_recipients_signalr_client_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var clock = new ManualTimeProvider();
        await using var server = await NotificationServer.StartAsync(database, clock, smtpPort: null);
        await server.SetupAsync("ALICE", "NewRecord", new { method = "LivePush" }, server.Alice);
        await using var alice = await LiveClient.ConnectAsync(server.Server, LiveClient.TokenOf(server.Alice));

        await server.CreateDocumentAsync("PI-1");
        Assert.Equal(1, await server.DispatchAsync());
        Assert.Equal(0, await server.DispatchAsync());

        var pushed = await alice.NextAsync("Notification");
        Assert.Equal("ALICE", pushed.GetProperty("userId").GetString());
        Assert.Equal("PI-1", pushed.GetProperty("recordId").GetString());
        Assert.Equal("Purchase document PI-1 has been created.", pushed.GetProperty("title").GetString());
        Assert.Single(await alice.GetMissedAsync(0), m => m.GetProperty("type").GetString() == "Notification");
        var entry = Assert.Single(await server.AliceEntriesAsync());
        Assert.Equal("Sent", entry.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal("LivePush", entry.GetProperty("delivery").GetProperty("method").GetString());
    }
}
