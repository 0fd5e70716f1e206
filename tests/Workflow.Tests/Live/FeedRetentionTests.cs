using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Live;
using Workflow.Engine.Notifications;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Live.LiveHubTests;

namespace Workflow.Tests.Live;

/// <summary>
/// The feed keeps messages for its retention (30 days by default) and no longer: older ones are removed by the
/// retention pass, and a client asking for them is told to reload its lists instead of silently missing them.
/// </summary>
public sealed class FeedRetentionTests
{
    private static long Sequence(JsonElement message) => message.GetProperty("sequence").GetInt64();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Messages_past_the_retention_are_removed_and_a_client_asking_for_them_is_told_to_reload(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new ManualTimeProvider();
        // Notification entries by note, not live push (the default without SMTP): the feed then holds only the approval
        // messages this test counts, not pushes the background dispatcher adds whenever its pass comes round.
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory, clock,
            services => services.AddSingleton(new NotificationOptions { DefaultMethod = NotificationMethod.Note }));
        var scenario = await InvoiceApprovalAsync(server);
        var retention = server.Services.GetRequiredService<FeedRetention>();
        await using var approver = await LiveClient.ConnectAsync(server, LiveClient.TokenOf(scenario.As("MGR")));

        // Day 0: MGR is asked and approves; both messages are in the feed.
        var first = await scenario.RequestApprovalAsync("REQ", "PI-1", 500m);
        await approver.NextAsync("ApprovalEntryCreated");
        await scenario.ActOkAsync("MGR", first, "approve");
        await approver.NextAsync("ApprovalEntryChanged", "Approved");
        var old = await approver.GetMissedAsync(0);
        Assert.Equal(Enumerable.Range(1, old.Length).Select(i => (long)i), old.Select(Sequence));

        // Day 29: still within the retention.
        clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await retention.PruneAsync(CancellationToken.None));
        Assert.Equal(old.Select(Sequence), (await approver.GetMissedAsync(0)).Select(Sequence));

        // Day 31: a new request; the retention pass removes day 0's messages.
        clock.Advance(TimeSpan.FromDays(2));
        var second = await scenario.RequestApprovalAsync("REQ", "PI-2", 600m);
        var fresh = await approver.NextAsync("ApprovalEntryCreated");
        Assert.Equal(old.Length + 1, Sequence(fresh));
        Assert.True(await retention.PruneAsync(CancellationToken.None) >= old.Length);

        // A client that saw nothing, or only part of day 0, is told where the gap ends, then gets what is kept.
        foreach (var after in new long[] { 0, 1 })
        {
            var missed = await approver.GetMissedAsync(after);
            Assert.Equal([FeedMessageType.ReloadRequired, FeedMessageType.ApprovalEntryCreated], missed.Select(Type).ToArray());
            Assert.Equal([old.Length, old.Length + 1], missed.Select(Sequence).ToArray());
            Assert.Contains("load your lists again", Text(missed[0], "text"));
        }
        var overHttp = await scenario.As("MGR").GetFromJsonAsync<JsonElement>("/api/v1/feed?after=0");
        Assert.Equal(FeedMessageType.ReloadRequired, Type(overHttp[0]));

        // A client that had everything up to the gap just goes on.
        Assert.Equal([old.Length + 1L], (await approver.GetMissedAsync(old.Length)).Select(Sequence).ToArray());
        Assert.Empty(await approver.GetMissedAsync(old.Length + 1));

        // Day 62: everything is old, but each user's newest message stays, so numbering goes on from it.
        await scenario.ActOkAsync("MGR", second, "approve");
        var newest = Sequence(await approver.NextAsync("ApprovalEntryChanged", "Approved"));
        clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await retention.PruneAsync(CancellationToken.None) >= 1);
        Assert.Equal([newest - 1, newest], (await approver.GetMissedAsync(0)).Select(Sequence).ToArray());
        await scenario.RequestApprovalAsync("REQ", "PI-3", 700m);
        Assert.Equal(newest + 1, Sequence(await approver.NextAsync("ApprovalEntryCreated")));
    }
}
