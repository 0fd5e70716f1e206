using System.Globalization;
using Workflow.Abstractions;
using Workflow.Benchmarks.Infrastructure;
using Workflow.Engine.Approvals;
using Workflow.Engine.Approvals.Setup;
using Workflow.Engine.Grains;
using Workflow.Engine.Identity;
using Workflow.Engine.Instances;
using Workflow.Engine.Outbox;
using Workflow.Engine.Records;
using Workflow.Engine.Storage;
using Workflow.Engine.Workflows;

namespace Workflow.Benchmarks.Workloads;

/// <summary>
/// Workload 1, in-process: REQ submits a purchase invoice for approval (PURCHASE_DOCUMENT_APPROVAL_REQUESTED) → an
/// instance of Business Central's purchase invoice approval workflow starts, sets Pending Approval, creates and sends one
/// entry to the direct approver MGR → MGR approves (the approval request grain's Act, then the relay raises the stored
/// APPROVAL_REQUEST_APPROVED, exactly as the approve endpoint does) → the invoice is Released → the instance Completed.
/// Every round trip is checked; one that does not end Released and Completed fails the run.
/// </summary>
public sealed class ApprovalRoundTrip
{
    internal const string Requester = "REQ";
    internal const string Approver = "MGR";

    private readonly WorkflowEventService _events;
    private readonly IGrainFactory _grains;
    private readonly EventOutboxRelay _relay;
    private readonly IStorageProvider _storage;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    private ApprovalRoundTrip(EngineNode node)
    {
        _events = node.Get<WorkflowEventService>();
        _grains = node.Get<IGrainFactory>();
        _relay = node.Get<EventOutboxRelay>();
        _storage = node.Get<IStorageProvider>();
    }

    /// <summary>Users, approval user setup and the enabled approval workflow, through the engine's own services.</summary>
    public static async Task<ApprovalRoundTrip> SetUpAsync(EngineNode node)
    {
        var identity = node.Get<IdentityStore>();
        await identity.CreateUserAsync(EngineNode.Tenant, Requester, "Requester", isAdministrator: false);
        await identity.CreateUserAsync(EngineNode.Tenant, Approver, "Manager", isAdministrator: false);
        var setup = node.Get<ApprovalSetupStore>();
        await setup.UpsertUserSetupAsync(EngineNode.Tenant, new ApprovalUserSetup(Approver, UnlimitedPurchaseApproval: true));
        await setup.UpsertUserSetupAsync(EngineNode.Tenant, new ApprovalUserSetup(Requester, ApproverId: Approver));

        var workflows = node.Get<WorkflowService>();
        await workflows.CreateAsync(EngineNode.Tenant, new WorkflowService.WorkflowDraft("PI-APPROVAL", "Purchase invoice approval", "PURCH", null, false, InvoiceApprovalSteps()), CancellationToken.None);
        await workflows.EnableAsync(EngineNode.Tenant, "PI-APPROVAL", null, CancellationToken.None);
        return new ApprovalRoundTrip(node);
    }

    /// <summary>The purchase invoice approval workflow (MS-PIW) with one direct approver, as the approval tests enable it.</summary>
    internal static List<WorkflowStepDefinition> InvoiceApprovalSteps()
    {
        static WorkflowStepDefinition Event(int id, string code, int? previous, Dictionary<string, string>? conditions = null, int sequenceNo = 1) =>
            new(id, WorkflowStepType.Event, code, previous) { Conditions = conditions ?? [], SequenceNo = sequenceNo };
        static WorkflowStepDefinition Response(int id, string code, int previous, Dictionary<string, string>? options = null) =>
            new(id, WorkflowStepType.Response, code, previous) { Options = options ?? [] };
        return
        [
            Event(1, "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", null, new() { ["Document Type"] = "Invoice", ["Status"] = "Open" }),
            Response(2, "SET_STATUS_PENDING_APPROVAL", 1),
            Response(3, "CREATE_APPROVAL_REQUESTS", 2, new() { ["approverType"] = "Approver", ["approverLimitType"] = "Direct Approver", ["approvalLimit"] = "Purchase" }),
            Response(4, "SEND_APPROVAL_REQUEST", 3),
            Event(5, "APPROVAL_REQUEST_APPROVED", 4, new() { ["Pending Approvals"] = "0" }),
            Response(6, "RELEASE_DOCUMENT", 5),
            Event(7, "APPROVAL_REQUEST_REJECTED", 4, sequenceNo: 2),
            Response(8, "REOPEN_DOCUMENT", 7),
            Event(9, "APPROVAL_REQUEST_CANCELED", 4, sequenceNo: 3),
            Response(10, "REOPEN_DOCUMENT", 9),
        ];
    }

    /// <summary>
    /// SQLite only: pages a round trip appends to the write-ahead log, one trip at a time (so each turn commits alone).
    /// The log is emptied first; a few trips stay under the auto-checkpoint (1,000 pages), so the log's size tells.
    /// </summary>
    public async Task<double?> WalPagesPerRoundTripAsync()
    {
        if (_storage is not SqliteStorageProvider sqlite)
            return null;
        const int trips = 10;
        await using (var connection = await _storage.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", commandType: System.Data.CommandType.Text);
        for (var i = 0; i < trips; i++)
            await RunOnceAsync("wal", 0, i);
        var wal = new FileInfo(sqlite.FilePath + "-wal");
        const int frame = 4096 + 24; // page and frame header
        return wal.Exists ? wal.Length / (double)frame / trips : null;
    }

    /// <summary>Mean stored state size per grain type: what every turn of such a grain writes.</summary>
    public async Task<IReadOnlyList<(string GrainType, double MeanBytes, long Count)>> StoredStateSizesAsync()
    {
        await using var connection = await _storage.OpenConnectionAsync();
        var rows = await Dapper.SqlMapper.QueryAsync<(string, double, long)>(connection,
            "SELECT grain_type, AVG(LENGTH(payload)), COUNT(*) FROM grain_state GROUP BY grain_type ORDER BY grain_type");
        return rows.ToList();
    }

    /// <summary>One round trip on a fresh invoice named after the level, worker and count (distinct per call).</summary>
    public async Task RunOnceAsync(string label, int worker, long n)
    {
        var invoice = $"PI-{_runId}-{label}-{worker}-{n}";
        var requestId = await SubmitAsync(invoice, n);

        // What POST /api/v1/approval-requests/{id}/approve does, minus HTTP.
        var request = _grains.GetTenantGrain<IApprovalRequestGrain>(EngineNode.Tenant, requestId);
        var acted = await request.Act(new ApprovalAction(ApprovalActionKind.Approve, Approver, null, null, null));
        var workflow = await _relay.RaiseAsync(EngineNode.Tenant, acted.StoredEvents, CancellationToken.None);

        var completed = workflow.SelectMany(w => w.ContinuedInstances).Any(i => i.InstanceId == requestId && i.Status == InstanceStatus.Completed);
        var status = workflow.LastOrDefault()?.Record.Fields.GetValueOrDefault("Status");
        if (!completed || status != "Released")
            throw new InvalidOperationException($"{invoice}: after approval the instance completed={completed} and the status is '{status}', not Released.");
    }

    /// <summary>The first half: the invoice is submitted and waits for approval. Returns the instance (and approval request) id.</summary>
    public async Task<string> SubmitAsync(string invoice, long n)
    {
        var requested = await _events.RaiseAsync(EngineNode.Tenant, Requester, new WorkflowEventService.RaiseEventRequest(
            "PURCHASE_DOCUMENT_APPROVAL_REQUESTED", null, invoice,
            new Dictionary<string, string?> { ["Document Type"] = "Invoice", ["Status"] = "Open", ["Amount"] = (500 + n % 1000).ToString(CultureInfo.InvariantCulture) },
            null, null), CancellationToken.None);
        if (requested.Errors.Count > 0 || requested.StartedInstances.Count != 1)
            throw new InvalidOperationException($"{invoice}: the approval workflow did not start: {string.Join("; ", requested.Errors)}");
        return requested.StartedInstances[0].InstanceId;
    }
}
