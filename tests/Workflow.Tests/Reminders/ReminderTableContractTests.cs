using Orleans;
using Orleans.Runtime;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Reminders;

/// <summary>
/// What Orleans' reminder service relies on from a reminder table, checked on the engine's SQLite table and on Orleans'
/// ADO.NET table over PostgreSQL migration 6, so both behave alike.
/// </summary>
public sealed class ReminderTableContractTests
{
    private static readonly DateTime StartAt = new(2026, 11, 2, 9, 30, 15, 250, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_upserted_reminder_reads_back_with_the_etag_the_upsert_returned(string provider)
    {
        await using var database = await MigratedAsync(provider);
        await using var tables = await ReminderTableUnderTest.StartAsync(database, "svc");
        var table = tables.Table;
        var grain = GrainId.Create("approval-request", "acme/42");
        var other = GrainId.Create("approval-request", "acme/43");

        var etag = await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromDays(1)));
        await table.UpsertRow(Entry(grain, "escalation", TimeSpan.FromHours(6)));
        await table.UpsertRow(Entry(other, "deadline", TimeSpan.FromDays(1)));

        Assert.False(string.IsNullOrEmpty(etag));
        var row = Assert.IsType<ReminderEntry>(await table.ReadRow(grain, "deadline"));
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("deadline", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromDays(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(["deadline", "escalation"], (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grain, "missing"));
        Assert.Empty((await table.ReadRows(GrainId.Create("approval-request", "acme/44"))).Reminders);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_upsert_moves_the_etag_and_a_removal_with_a_stale_one_removes_nothing(string provider)
    {
        await using var database = await MigratedAsync(provider);
        await using var tables = await ReminderTableUnderTest.StartAsync(database, "svc");
        var table = tables.Table;
        var grain = GrainId.Create("approval-request", "acme/42");

        var first = await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromDays(1)));
        var second = await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromDays(2)));

        Assert.NotEqual(first, second);
        Assert.False(await table.RemoveRow(grain, "deadline", first!));
        var kept = Assert.IsType<ReminderEntry>(await table.ReadRow(grain, "deadline"));
        Assert.Equal(second, kept.ETag);
        Assert.Equal(TimeSpan.FromDays(2), kept.Period);

        Assert.True(await table.RemoveRow(grain, "deadline", second!));
        Assert.Null(await table.ReadRow(grain, "deadline"));
        Assert.False(await table.RemoveRow(grain, "deadline", second!));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_hash_range_holds_hashes_above_begin_up_to_end_and_wraps_round_the_ring(string provider)
    {
        await using var database = await MigratedAsync(provider);
        await using var tables = await ReminderTableUnderTest.StartAsync(database, "svc");
        var table = tables.Table;
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create("approval-request", $"acme/{i}")).ToList();
        foreach (var grain in grains)
            await table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromDays(1)));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        // Both halves of the ring, so the ranges below also cross the point where the hash's sign bit flips.
        var low = hashes.Where(h => h < 0x8000_0000u).ToList();
        var high = hashes.Where(h => h >= 0x8000_0000u).ToList();
        Assert.True(low.Count >= 4 && high.Count >= 4, "the sample grains should hash into both halves of the ring");

        (uint Begin, uint End)[] ranges =
        [
            (low[0], low[^1]),        // inside the lower half; begin itself excluded, end included
            (low[1], high[^2]),       // across the middle of the ring
            (high[1], low[^2]),       // wraps past the top of the ring
            (high[^1], high[0]),      // wraps, nearly empty
            (hashes[10], hashes[10]), // begin == end: the whole ring
            (0u, 0u),
            (hashes[3] + 1, hashes[7] - 1),
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();
            var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order().ToList();
            Assert.True(expected.SequenceEqual(actual), $"range ({begin}, {end}]: expected {expected.Count} rows, got {actual.Count}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rows_belong_to_one_service_id(string provider)
    {
        await using var database = await MigratedAsync(provider);
        await using var mine = await ReminderTableUnderTest.StartAsync(database, "svc-a");
        await using var theirs = await ReminderTableUnderTest.StartAsync(database, "svc-b");
        var grain = GrainId.Create("approval-request", "acme/42");

        var etag = await mine.Table.UpsertRow(Entry(grain, "deadline", TimeSpan.FromDays(1)));

        Assert.Null(await theirs.Table.ReadRow(grain, "deadline"));
        Assert.Empty((await theirs.Table.ReadRows(grain)).Reminders);
        Assert.Empty((await theirs.Table.ReadRows(0u, 0u)).Reminders);
        Assert.False(await theirs.Table.RemoveRow(grain, "deadline", etag!));
        await theirs.Table.TestOnlyClearTable();
        Assert.NotNull(await mine.Table.ReadRow(grain, "deadline"));

        await mine.Table.TestOnlyClearTable();
        Assert.Empty((await mine.Table.ReadRows(0u, 0u)).Reminders);
    }

    // Orleans' definition (IReminderTable.ReadRows): (begin, end] when begin < end, otherwise the range wraps.
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = StartAt, Period = period };

    private static async Task<TestDatabase> MigratedAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        return database;
    }
}
