using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Workflow.Engine.Storage;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Reminders;

/// <summary>
/// Schema migration 6 on PostgreSQL is all Orleans' ADO.NET clustering and reminders need: a silo starts on a database
/// the engine migrated, joins through the membership table, and keeps and fires reminders in OrleansRemindersTable.
/// </summary>
public sealed class PostgresOrleansSchemaTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_silo_with_ado_net_clustering_and_reminders_runs_on_the_migrated_database()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var storage = database.CreateProvider();
        await storage.MigrateAsync();
        var clusterId = "pg-" + Guid.NewGuid().ToString("N");
        var time = new FakeTimeProvider(Start);
        var log = new ReminderTickLog();

        using (var host = ReminderTestSilo.Postgres(database.ConnectionString, "workflow", clusterId, time, log))
        {
            await host.StartAsync();
            await using (var connection = await storage.OpenConnectionAsync())
            {
                // 3 = SiloStatus.Active: the silo joined through InsertMembershipKey and UpdateMembershipKey.
                Assert.Equal([3], await connection.QueryAsync<int>(
                    "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @clusterId", new { clusterId }));
            }

            var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>("acme/approval-3");
            await grain.Remind("deadline", dueTime: TimeSpan.FromDays(2), period: TimeSpan.FromDays(1));
            Assert.True(await grain.HasReminder("deadline"));
            await using (var connection = await storage.OpenConnectionAsync())
            {
                Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = 'workflow' AND ReminderName = 'deadline'"));
            }

            await FakeTime.AdvanceUntilAsync(time, TimeSpan.FromHours(1), () => log.TicksOf("acme/approval-3", "deadline").Count > 0,
                "the deadline reminder's first tick");
            Assert.Equal((Start + TimeSpan.FromDays(2)).UtcDateTime, log.TicksOf("acme/approval-3", "deadline")[0].FirstTickTime);

            // A client outside the silo finds its gateway through GatewaysQueryKey.
            using (var client = ReminderTestSilo.PostgresClient(database.ConnectionString, "workflow", clusterId))
            {
                await client.StartAsync();
                var viaGateway = client.Services.GetRequiredService<IClusterClient>().GetGrain<IReminderProbeGrain>("acme/approval-3");
                Assert.True(await viaGateway.HasReminder("deadline"));
                await client.StopAsync();
            }

            var membership = host.Services.GetRequiredService<IMembershipTable>();
            await host.StopAsync();

            await using (var connection = await storage.OpenConnectionAsync())
            {
                // 6 = SiloStatus.Dead, written by the graceful stop; the reminder row outlives the silo.
                Assert.Equal([6], await connection.QueryAsync<int>(
                    "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @clusterId", new { clusterId }));
                Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = 'workflow'"));
            }

            // Defunct-silo cleanup removes Dead rows whose last heartbeat is older than the cut-off, and only those.
            await membership.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow - TimeSpan.FromDays(1));
            Assert.Equal(1, await MembershipRowsAsync(storage, clusterId));
            await membership.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
            Assert.Equal(0, await MembershipRowsAsync(storage, clusterId));

            await membership.DeleteMembershipTableEntries(clusterId);
            await using (var connection = await storage.OpenConnectionAsync())
            {
                Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = @clusterId", new { clusterId }));
            }
        }
    }

    private static async Task<long> MembershipRowsAsync(IStorageProvider storage, string clusterId)
    {
        await using var connection = await storage.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @clusterId", new { clusterId });
    }
}
