using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Workflow.Engine.Approvals;
using Workflow.Engine.Grains;
using Workflow.Engine.Hosting;
using Workflow.Engine.Outbox;
using Workflow.Engine.Records;
using Workflow.Tests.Approvals;
using Workflow.Tests.Infrastructure;

namespace Workflow.Tests.Faults;

/// <summary>
/// A two-silo cluster (Orleans' <see cref="InProcessTestCluster"/>, every silo running the whole engine on one
/// PostgreSQL database) loses a silo while invoices are submitted through both. Callers retry what failed with the same
/// idempotency key, as a client honouring 503 does: each invoice ends up with exactly one instance and one entry, the
/// grains of the lost silo come back on the others, and approving there releases every invoice.
/// </summary>
public sealed class ClusterSiloLossTests
{
    private const string Tenant = "default";
    private const int Invoices = 48;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private int _failedCalls; // calls sent again, reported with the result

    [Fact]
    public async Task A_silo_lost_mid_load_leaves_each_invoice_submitted_once_and_its_grains_serve_from_the_other_silos()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        // The tenant, its users, their approval setup and the workflow are stored rows; the server that wrote them stops
        // before the cluster starts, so no grain is ever active in two clusters.
        await using (var setupServer = new WorkflowServerFactory(database, ScenarioPlugins.Directory))
        {
            var scenario = await ApprovalScenario.StartAsync(setupServer, "REQ", "MGR");
            await scenario.SetupAsync("MGR", unlimited: true);
            await scenario.SetupAsync("REQ", approver: "MGR");
            await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver" });
        }

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            TestSilo.ConfigureReminders(host.Services);
            host.AddWorkflowEngine(new WorkflowEngineOptions
            {
                Storage = { ConnectionString = database.ConnectionString },
                Orleans = { SiloPort = 0, GatewayPort = 0 },
                Plugins = { Directory = ScenarioPlugins.Directory },
                Bootstrap = { AdminToken = WorkflowServerFactory.AdminToken },
            });
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var first = cluster.Silos[0];
        var doomed = cluster.Silos[1];

        // Two callers per silo; the second silo is killed once a third of the invoices are answered.
        var answered = 0;
        var lostRecords = 0;
        var killing = 0;
        var killed = new TaskCompletionSource();
        var next = -1;
        async Task SubmitAsync(int caller)
        {
            for (var i = Interlocked.Increment(ref next); i < Invoices; i = Interlocked.Increment(ref next))
            {
                var invoice = $"PI-C{i}";
                var through = caller % 2 == 0 ? first : doomed;
                await UntilDoneAsync(async () =>
                {
                    // After the kill, the caller moves to a silo that is still there, as a load balancer would.
                    var silo = killed.Task.IsCompleted ? first : through;
                    var events = cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<WorkflowEventService>();
                    var result = await events.RaiseAsync(Tenant, "REQ", new WorkflowEventService.RaiseEventRequest(
                        "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice,
                        new Dictionary<string, string?> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "700" },
                        null, $"send-{invoice}"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(40));
                    Assert.Empty(result.Errors);
                });
                // Once a third is answered, the first caller to find records active on the doomed silo kills it.
                if (Interlocked.Increment(ref answered) >= Invoices / 3 && Interlocked.Exchange(ref killing, 1) == 0)
                {
                    if (await ActiveRecordGrainsAsync(cluster, doomed) is > 0 and var active)
                    {
                        lostRecords = active;
                        await cluster.KillSiloAsync(doomed);
                        killed.SetResult();
                    }
                    else
                        killing = 0;
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(SubmitAsync));
        Assert.True(killed.Task.IsCompleted, "the doomed silo never held a record grain");
        // The lost silo held records that were answered; reading them below activates them again elsewhere.
        var failedWhileSubmitting = _failedCalls;

        // A new silo joins; the lost silo's grains are activated again wherever Orleans places them now.
        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var grains = cluster.Client;
        var requests = new List<string>();
        for (var i = 0; i < Invoices; i++)
        {
            var record = await UntilDoneAsync(() => grains.GetTenantGrain<IRecordGrain>(Tenant, RecordKey.For("PURCHASE_DOCUMENT", $"PI-C{i}")).Get());
            Assert.NotNull(record);
            Assert.Equal("Pending Approval", record.Fields["Status"]);
            var instance = Assert.Single(record.Instances);
            var request = await UntilDoneAsync(() => grains.GetTenantGrain<IApprovalRequestGrain>(Tenant, instance.InstanceId).Get());
            var entry = Assert.Single(request!.Entries);
            Assert.Equal(("MGR", ApprovalStatus.Open), (entry.ApproverId, entry.Status));
            requests.Add(instance.InstanceId);
        }
        var index = cluster.GetSiloServiceProvider(first.SiloAddress).GetRequiredService<ApprovalEntryIndex>();
        Assert.Equal(Invoices, (await index.ListToApproveAsync(Tenant, "MGR", null, 0, 1000, CancellationToken.None)).Count);

        // MGR approves through the silo that stayed and the one that joined: every invoice is released.
        for (var i = 0; i < Invoices; i++)
        {
            var silo = i % 2 == 0 ? first : joined;
            var services = cluster.GetSiloServiceProvider(silo.SiloAddress);
            var requestId = requests[i];
            await UntilDoneAsync(async () =>
            {
                var approved = await services.GetRequiredService<IGrainFactory>().GetTenantGrain<IApprovalRequestGrain>(Tenant, requestId)
                    .Act(new ApprovalAction(ApprovalActionKind.Approve, "MGR", null, null, $"ok-{i}"));
                await services.GetRequiredService<EventOutboxRelay>().RaiseAsync(Tenant, approved.StoredEvents, CancellationToken.None);
            });
            var released = await UntilDoneAsync(() => grains.GetTenantGrain<IRecordGrain>(Tenant, RecordKey.For("PURCHASE_DOCUMENT", $"PI-C{i}")).Get());
            Assert.Equal("Released", released!.Fields["Status"]);
            Assert.Empty(released.Instances);
        }
        Assert.Empty(await index.ListToApproveAsync(Tenant, "MGR", null, 0, 1000, CancellationToken.None));
        Console.WriteLine($"records lost with the silo: {lostRecords}; calls sent again: {failedWhileSubmitting} while submitting, {_failedCalls - failedWhileSubmitting} after");
    }

    private static async Task<int> ActiveRecordGrainsAsync(InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([silo.SiloAddress]);
        return statistics.Where(s => s.GrainType.Contains(nameof(RecordGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    /// <summary>
    /// Calls again while the cluster has not yet noticed the lost silo (calls to its activations fail or time out),
    /// for a bounded time; a failure that outlasts it fails the test.
    /// </summary>
    private async Task<T> UntilDoneAsync<T>(Func<Task<T>> call)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException && waited.Elapsed < Patience)
            {
                Interlocked.Increment(ref _failedCalls);
                await Task.Delay(250);
            }
        }
    }

    private Task UntilDoneAsync(Func<Task> call) => UntilDoneAsync(async () => { await call(); return true; });
}
