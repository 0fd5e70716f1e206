using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Workflow.Engine.Grains;
using Workflow.Tests.Api;
using Workflow.Tests.Approvals;
using Workflow.Tests.Grains;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;

namespace Workflow.Tests.Faults;

/// <summary>
/// Faults as an operator meets them: a database write that fails, two servers taking the same record at once. Nothing
/// acknowledged is lost, nothing half-done is visible, and a failed call answers as an error that can be retried.
/// </summary>
public sealed class FaultTests
{
    private static readonly Dictionary<string, string> Invoice = new() { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = "800" };

    private static WorkflowServerFactory ServerWithFaults(TestDatabase database, StorageFaults faults, TimeProvider? clock = null) =>
        new(database, ScenarioPlugins.Directory, clock, configureServices: services => services.AddGrainStorage(WorkflowGrainStorage.Name,
            (sp, _) => new FailingGrainStorage(sp.GetRequiredService<WorkflowGrainStorage>(), faults)));

    private static async Task<ApprovalScenario> InvoiceApprovalAsync(WorkflowServerFactory server)
    {
        var scenario = await ApprovalScenario.StartAsync(server, "REQ", "MGR");
        await scenario.SetupAsync("MGR", unlimited: true);
        await scenario.SetupAsync("REQ", approver: "MGR");
        await scenario.EnableInvoiceApprovalAsync(new { approverType = "Approver", approverLimitType = "Direct Approver" });
        return scenario;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_submission_whose_approval_request_cannot_be_stored_answers_503_and_leaves_nothing_until_retried(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var faults = new StorageFaults();
        await using var server = ServerWithFaults(database, faults);
        var scenario = await InvoiceApprovalAsync(server);
        var requester = new WorkflowApi(scenario.As("REQ"));

        faults.FailWritesOf("approval-request");
        var failed = await requester.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-F1", Invoice, "send-PI-F1");
        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(failed.Headers.RetryAfter);

        // Nothing of it is visible: no record, no instance, nothing to approve.
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-F1")).StatusCode);
        Assert.Empty((await scenario.Admin.InstancesAsync("?recordId=PI-F1")).EnumerateArray());
        Assert.Empty(await scenario.InboxAsync("MGR"));

        faults.Heal();
        var retried = await requester.RaiseOkAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-F1", Invoice, "send-PI-F1");
        Assert.Empty(retried.GetProperty("errors").EnumerateArray());
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-F1"));
        Assert.Equal(["PI-F1"], await scenario.InboxAsync("MGR"));
        var request = retried.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!;
        await scenario.ActOkAsync("MGR", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-F1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approval_whose_write_fails_is_not_reported_done_and_its_retry_approves_for_real(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var faults = new StorageFaults();
        await using var server = ServerWithFaults(database, faults);
        var scenario = await InvoiceApprovalAsync(server);
        var request = await scenario.RequestApprovalAsync("REQ", "PI-F2", 800m);

        faults.FailWritesOf("approval-request");
        var failed = await scenario.ActAsync("MGR", request, "approve", new { idempotencyKey = "click-1" });
        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(["MGR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-F2"));
        Assert.Equal(["PI-F2"], await scenario.InboxAsync("MGR"));

        faults.Heal();
        await scenario.ActOkAsync("MGR", request, "approve", new { idempotencyKey = "click-1" });
        Assert.Equal(["MGR:Approved"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));
        Assert.Equal("Released", await scenario.StatusAsync("PI-F2"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_submission_cut_off_after_its_approval_request_was_stored_is_finished_by_the_engine_without_a_retry(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var faults = new StorageFaults();
        var clock = new ManualTimeProvider();
        await using var server = ServerWithFaults(database, faults, clock);
        var scenario = await InvoiceApprovalAsync(server);
        var requester = new WorkflowApi(scenario.As("REQ"));

        // The approval request and its entry are stored, then the instance's write fails: the chain stops half-way,
        // as a crash between the two grains would stop it. The caller never sends it again.
        faults.FailWritesOf("workflow-instance");
        var failed = await requester.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", "PI-F3", Invoice);
        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Admin.Client.GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-F3")).StatusCode);

        // The engine finishes what it took: one instance, the record Pending Approval, one entry for MGR.
        faults.Heal();
        clock.Advance(TimeSpan.FromSeconds(30));
        await server.RunDueWorkAsync();
        Assert.Equal("Pending Approval", await scenario.StatusAsync("PI-F3"));
        var instance = Assert.Single((await scenario.Admin.InstancesAsync("?recordId=PI-F3")).EnumerateArray());
        Assert.Equal(["PI-F3"], await scenario.InboxAsync("MGR"));
        var request = instance.GetProperty("instanceId").GetString()!;
        Assert.Equal(["MGR:Open"], ApprovalScenario.EntryStatuses(await scenario.RequestAsync(request)));

        // Approving it releases the record through that same instance.
        await scenario.ActOkAsync("MGR", request, "approve");
        Assert.Equal("Released", await scenario.StatusAsync("PI-F3"));
        Assert.Equal("Completed", (await scenario.Admin.InstanceAsync(request)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task One_record_submitted_through_two_servers_at_once_starts_one_instance_and_each_server_reads_the_latest()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var serverA = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var scenario = await InvoiceApprovalAsync(serverA);
        await using var serverB = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var tokenOfReq = await serverB.AdminClient().PostAsJsonAsync("/api/v1/users/REQ/tokens", new { name = "b" });
        var reqOnB = new WorkflowApi(serverB.ClientWithToken((await tokenOfReq.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()));
        var reqOnA = new WorkflowApi(scenario.As("REQ"));

        for (var round = 0; round < 4; round++)
        {
            var invoice = $"PI-R{round}";
            // Two clicks on two servers, each its own idempotency key: one of them starts the approval.
            // A server that has just joined may answer 503 until the cluster agrees on it; a client then sends again.
            var sent = await Task.WhenAll(
                RetryWhileUnavailableAsync(() => reqOnA.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice, Invoice, $"{invoice}-a")),
                RetryWhileUnavailableAsync(() => reqOnB.RaiseAsync("PURCHASE_DOCUMENT_APPROVAL_REQUESTED", "PURCHASE_DOCUMENT", invoice, Invoice, $"{invoice}-b")));
            Assert.All(sent, r => Assert.True(r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.Conflict, r.StatusCode.ToString()));

            var instances = (await scenario.Admin.InstancesAsync($"?recordId={invoice}")).EnumerateArray().ToList();
            var instance = Assert.Single(instances);
            Assert.Equal(new[] { invoice }, await scenario.InboxAsync("MGR"));
            var request = instance.GetProperty("instanceId").GetString()!;
            await scenario.ActOkAsync("MGR", request, "approve");

            // Approved through A, read at once through B: the one activation answers both.
            var onB = await new WorkflowApi(serverB.AdminClient()).FieldAsync("PURCHASE_DOCUMENT", invoice, "Status");
            Assert.Equal("Released", onB);
        }
    }

    private static async Task<HttpResponseMessage> RetryWhileUnavailableAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 20)
                return response;
            await Task.Delay(250);
        }
    }
}
