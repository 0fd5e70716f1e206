using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Engine.Approvals.Setup;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Approvals.ApprovalSetupApi;

namespace Workflow.Tests.Approvals;

/// <summary>Approval user setup and workflow user groups: storing, validating, who may change them, tenant isolation.</summary>
public sealed class ApprovalSetupTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_setup_and_a_group_round_trip_and_feed_the_approval_engine(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new ApprovalSetupApi(server.AdminClient());
        await api.AddUsersAsync("alice", "BOB", "CAROL");

        var created = await api.PutSetupAsync("alice", new
        {
            approverId = "bob",
            salesAmountApprovalLimit = 1000.50m,
            unlimitedPurchaseApproval = true, // no limit beside it: Unlimited has none
            requestAmountApprovalLimit = 0m,
            substituteId = "carol",
            email = "alice@example.com",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/approval-user-setup/ALICE", created.Headers.Location?.OriginalString);

        var alice = await api.GetOkAsync("/api/v1/approval-user-setup/Alice");
        Assert.Equal("ALICE", alice.GetProperty("userId").GetString());
        Assert.Equal("BOB", alice.GetProperty("approverId").GetString());
        Assert.Equal(1000.50m, alice.GetProperty("salesAmountApprovalLimit").GetDecimal());
        Assert.False(alice.GetProperty("unlimitedSalesApproval").GetBoolean());
        Assert.Equal(0m, alice.GetProperty("purchaseAmountApprovalLimit").GetDecimal());
        Assert.True(alice.GetProperty("unlimitedPurchaseApproval").GetBoolean());
        Assert.Equal(0m, alice.GetProperty("requestAmountApprovalLimit").GetDecimal());
        Assert.Equal("CAROL", alice.GetProperty("substituteId").GetString());
        Assert.Equal("alice@example.com", alice.GetProperty("email").GetString());
        Assert.False(alice.GetProperty("approvalAdministrator").GetBoolean());

        var replaced = await api.PutSetupAsync("ALICE", new { userId = "alice", approverId = "CAROL", approvalAdministrator = true });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        alice = await api.GetOkAsync("/api/v1/approval-user-setup/ALICE");
        Assert.Equal("CAROL", alice.GetProperty("approverId").GetString());
        Assert.Equal(0m, alice.GetProperty("salesAmountApprovalLimit").GetDecimal());
        Assert.Equal(JsonValueKind.Null, alice.GetProperty("substituteId").ValueKind);
        await api.SetApproverAsync("BOB", "CAROL");
        Assert.Equal(["ALICE", "BOB"], (await api.GetOkAsync("/api/v1/approval-user-setup")).EnumerateArray().Select(s => s.GetProperty("userId").GetString()));

        var group = await api.PutGroupAsync("finance", new
        {
            description = "Finance approvers",
            members = new[] { new { userId = "carol", sequenceNo = 2 }, new { userId = "alice", sequenceNo = 1 }, new { userId = "bob", sequenceNo = 1 } },
        });
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        var finance = await api.GetOkAsync("/api/v1/workflow-user-groups/FINANCE");
        Assert.Equal("FINANCE", finance.GetProperty("code").GetString());
        Assert.Equal("Finance approvers", finance.GetProperty("description").GetString());
        Assert.Equal(["ALICE:1", "BOB:1", "CAROL:2"],
            finance.GetProperty("members").EnumerateArray().Select(m => $"{m.GetProperty("userId").GetString()}:{m.GetProperty("sequenceNo").GetInt32()}"));
        var regrouped = await api.PutGroupAsync("FINANCE", new { code = "finance", description = "Finance", members = new[] { new { userId = "BOB", sequenceNo = 3 } } });
        Assert.Equal(HttpStatusCode.OK, regrouped.StatusCode);
        Assert.Single((await api.GetOkAsync("/api/v1/workflow-user-groups")).EnumerateArray());

        // What the approval engine reads.
        var store = server.Services.GetRequiredService<ApprovalSetupStore>();
        var all = await store.GetAllUserSetupAsync("default");
        Assert.Equal("CAROL", all["alice"].ApproverId);
        Assert.Equal(["ALICE"], await store.ListApprovalAdministratorsAsync("default"));
        var stored = await store.FindGroupAsync("default", "finance");
        Assert.Equal([new WorkflowUserGroupMember("BOB", 3)], stored!.Members);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync("/api/v1/workflow-user-groups/finance")).StatusCode);
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/workflow-user-groups/FINANCE"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/workflow-user-groups/FINANCE"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/approval-user-setup/CAROL"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_invalid_user_setup_is_refused_naming_the_field_and_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new ApprovalSetupApi(server.AdminClient());
        await api.AddUsersAsync("A", "B", "C", "D");
        await api.SetApproverAsync("A", "B");
        await api.SetApproverAsync("B", "C");
        await api.SetApproverAsync("D", null);
        var before = await api.SnapshotAsync();

        async Task Refused(string userId, object body, string field, string reason)
        {
            await RefusedAsync(await api.PutSetupAsync(userId, body), field, reason);
            Assert.Equal(before, await api.SnapshotAsync());
        }

        await Refused("NOBODY", new { }, "userId", "does not exist");
        await Refused("D", new { approverId = "NOBODY" }, "approverId", "does not exist");
        await Refused("D", new { approverId = "d" }, "approverId", "own approver");
        await Refused("B", new { approverId = "A" }, "approverId", "B → A → B");
        await Refused("C", new { approverId = "A" }, "approverId", "C → A → B → C");
        await Refused("D", new { substituteId = "NOBODY" }, "substituteId", "does not exist");
        await Refused("D", new { substituteId = "D" }, "substituteId", "own substitute");
        await Refused("D", new { salesAmountApprovalLimit = -1m }, "salesAmountApprovalLimit", "0 or more");
        await Refused("D", new { purchaseAmountApprovalLimit = -0.01m, unlimitedPurchaseApproval = true }, "purchaseAmountApprovalLimit", "0 or more");
        await Refused("D", new { requestAmountApprovalLimit = -5m }, "requestAmountApprovalLimit", "0 or more");
        await Refused("D", new { purchaseAmountApprovalLimit = 5000m, unlimitedPurchaseApproval = true }, "purchaseAmountApprovalLimit", "unlimitedPurchaseApproval");
        await Refused("D", new { salesAmountApprovalLimit = 1m, unlimitedSalesApproval = true }, "salesAmountApprovalLimit", "unlimitedSalesApproval");
        await Refused("D", new { email = "not an address" }, "email", "e-mail address");
        await Refused("D", new { email = "d@localhost" }, "email", "e-mail address");
        await Refused("D", new { userId = "A" }, "userId", "of the address");
        await Refused("D", new { approverId = 5 }, "approverId", "");
        await Refused("D", new { managerId = "A" }, "managerId", "");

        // Every problem of one request is named at once.
        var several = await ProblemAssert.IsProblemAsync(
            await api.PutSetupAsync("D", new { approverId = "D", substituteId = "NOBODY", salesAmountApprovalLimit = -1m, email = "x" }), HttpStatusCode.BadRequest);
        Assert.Equal(["approverId", "email", "salesAmountApprovalLimit", "substituteId"],
            several.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(before, await api.SnapshotAsync());

        // A chain that ends is no loop: C's approver may be D, as the top of A → B → C.
        await api.SetApproverAsync("C", "D");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_invalid_workflow_user_group_is_refused_naming_the_field_and_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new ApprovalSetupApi(server.AdminClient());
        await api.AddUsersAsync("A", "B");
        Assert.Equal(HttpStatusCode.Created, (await api.PutGroupAsync("G1", new { description = "G1", members = new[] { new { userId = "A", sequenceNo = 1 } } })).StatusCode);
        var before = await api.SnapshotAsync();

        async Task Refused(string code, object body, string field, string reason)
        {
            await RefusedAsync(await api.PutGroupAsync(code, body), field, reason);
            Assert.Equal(before, await api.SnapshotAsync());
        }

        await Refused("G1", new { members = new[] { new { userId = "A", sequenceNo = 1 }, new { userId = "NOBODY", sequenceNo = 1 } } }, "members[1].userId", "does not exist");
        await Refused("G1", new { members = new[] { new { userId = "A", sequenceNo = 1 }, new { userId = "B", sequenceNo = 2 }, new { userId = "a", sequenceNo = 3 } } }, "members[2].userId", "listed twice");
        await Refused("G1", new { members = new[] { new { userId = "B", sequenceNo = 0 } } }, "members[0].sequenceNo", "1 or more");
        await Refused("G1", new { members = new[] { new { userId = "B", sequenceNo = -2 } } }, "members[0].sequenceNo", "1 or more");
        await Refused("G1", new { members = new object[] { new { userId = "B" } } }, "members[0].sequenceNo", "1 or more");
        await Refused("G1", new { members = new object?[] { null } }, "members[0]", "not null");
        await Refused("G1", new { code = "G2" }, "code", "of the address");
        await Refused("G1", new { description = new string('x', 101) }, "description", "at most");
        await Refused("THIS-CODE-IS-TOO-LONG", new { }, "code", "1 to 20");
        await Refused("BAD CODE", new { }, "code", "1 to 20");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_setup_that_others_name_as_approver_or_substitute_is_a_conflict_naming_them(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new ApprovalSetupApi(server.AdminClient());
        await api.AddUsersAsync("A", "B", "C", "M");
        await api.SetApproverAsync("M", null);
        await api.SetApproverAsync("A", "M");
        await api.SetApproverAsync("B", "M");
        Assert.True((await api.PutSetupAsync("C", new { substituteId = "M" })).IsSuccessStatusCode);

        var problem = await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/approval-user-setup/m"), HttpStatusCode.Conflict);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("A, B name M as approver", detail);
        Assert.Contains("C names M as substitute", detail);
        await api.GetOkAsync("/api/v1/approval-user-setup/M");

        await api.SetApproverAsync("A", null);
        await api.SetApproverAsync("B", null);
        Assert.True((await api.PutSetupAsync("C", new { })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync("/api/v1/approval-user-setup/M")).StatusCode);
        await ProblemAssert.IsProblemAsync(await api.Client.GetAsync("/api/v1/approval-user-setup/M"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/approval-user-setup/M"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_tenant_administrators_and_approval_administrators_change_the_setup_everyone_reads_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var admin = new ApprovalSetupApi(server.AdminClient());
        var clerk = new ApprovalSetupApi(await server.CreateUserAsync(admin.Client, "CLERK"));
        var approvalAdmin = new ApprovalSetupApi(await server.CreateUserAsync(admin.Client, "APPROVALS"));
        await admin.AddUsersAsync("X");
        await admin.SetApproverAsync("X", "CLERK");

        foreach (var api in new[] { clerk, approvalAdmin })
        {
            await ProblemAssert.IsProblemAsync(await api.PutSetupAsync("X", new { }), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await api.PutSetupAsync(api == clerk ? "CLERK" : "APPROVALS", new { approvalAdministrator = true }), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await api.Client.DeleteAsync("/api/v1/approval-user-setup/X"), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await api.PutGroupAsync("G", new { }), HttpStatusCode.Forbidden);
        }
        Assert.Equal("CLERK", (await clerk.GetOkAsync("/api/v1/approval-user-setup/X")).GetProperty("approverId").GetString());
        Assert.Single((await clerk.GetOkAsync("/api/v1/approval-user-setup")).EnumerateArray());
        Assert.Empty((await clerk.GetOkAsync("/api/v1/workflow-user-groups")).EnumerateArray());

        Assert.True((await admin.PutSetupAsync("APPROVALS", new { approvalAdministrator = true })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approvalAdmin.PutSetupAsync("X", new { approverId = "APPROVALS", unlimitedSalesApproval = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await approvalAdmin.PutGroupAsync("G", new { members = new[] { new { userId = "X", sequenceNo = 1 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await approvalAdmin.Client.DeleteAsync("/api/v1/workflow-user-groups/G")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await approvalAdmin.Client.DeleteAsync("/api/v1/approval-user-setup/X")).StatusCode);
        await ProblemAssert.IsProblemAsync(await clerk.PutSetupAsync("X", new { }), HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task One_tenant_neither_sees_nor_names_another_tenants_setup(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var tenantA = new ApprovalSetupApi(await server.CreateTenantAsync("tenant-a"));
        var tenantB = new ApprovalSetupApi(await server.CreateTenantAsync("tenant-b"));
        await tenantA.AddUsersAsync("ALICE", "BOB");
        await tenantA.SetApproverAsync("ALICE", "BOB");
        Assert.True((await tenantA.PutGroupAsync("FINANCE", new { members = new[] { new { userId = "BOB", sequenceNo = 1 } } })).IsSuccessStatusCode);

        await ProblemAssert.IsProblemAsync(await tenantB.Client.GetAsync("/api/v1/approval-user-setup/ALICE"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await tenantB.Client.GetAsync("/api/v1/workflow-user-groups/FINANCE"), HttpStatusCode.NotFound);
        Assert.Empty((await tenantB.GetOkAsync("/api/v1/approval-user-setup")).EnumerateArray());
        Assert.Empty((await tenantB.GetOkAsync("/api/v1/workflow-user-groups")).EnumerateArray());
        await ProblemAssert.IsProblemAsync(await tenantB.Client.DeleteAsync("/api/v1/approval-user-setup/ALICE"), HttpStatusCode.NotFound);

        // A's users do not exist for B, as approvers or group members.
        await RefusedAsync(await tenantB.PutSetupAsync("ADMIN", new { approverId = "ALICE" }), "approverId", "does not exist");
        await RefusedAsync(await tenantB.PutGroupAsync("FINANCE", new { members = new[] { new { userId = "BOB", sequenceNo = 1 } } }), "members[0].userId", "does not exist");
        // B's own setup of the same ids leaves A's alone.
        await tenantB.AddUsersAsync("ALICE");
        await tenantB.SetApproverAsync("ALICE", "ADMIN");
        Assert.Equal("BOB", (await tenantA.GetOkAsync("/api/v1/approval-user-setup/ALICE")).GetProperty("approverId").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_concurrent_changes_cannot_make_an_approver_loop_between_them(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new ApprovalSetupApi(server.AdminClient());
        await api.AddUsersAsync("A", "B");

        for (var round = 0; round < 10; round++)
        {
            await api.SetApproverAsync("A", null);
            await api.SetApproverAsync("B", null);
            var answers = await Task.WhenAll(api.PutSetupAsync("A", new { approverId = "B" }), api.PutSetupAsync("B", new { approverId = "A" }));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest], answers.Select(a => a.StatusCode).Order());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_setup_change_made_on_another_node_is_seen_by_the_next_approval_action_here(string provider)
    {
        const string Tenant = "default"; // the bootstrap tenant
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var nodeA = await TestNode.StartAsync(database);
        await using var nodeB = await TestNode.StartAsync(database);
        var identity = nodeA.Services.GetRequiredService<Workflow.Engine.Identity.IdentityStore>();
        foreach (var user in new[] { "REQ", "MGR", "SUB" })
            await identity.CreateUserAsync(Tenant, user, user, isAdministrator: false);
        var here = nodeA.Services.GetRequiredService<ApprovalSetupStore>();
        var there = nodeB.Services.GetRequiredService<ApprovalSetupStore>();

        await there.UpsertUserSetupAsync(Tenant, new ApprovalUserSetup("REQ", ApproverId: "MGR"));
        Assert.Equal("MGR", (await here.GetAllUserSetupAsync(Tenant))["REQ"].ApproverId);
        Assert.Equal("MGR", (await here.GetAllUserSetupAsync(Tenant))["REQ"].ApproverId); // served from the cache

        await there.UpsertUserSetupAsync(Tenant, new ApprovalUserSetup("REQ", ApproverId: "SUB"));
        await there.UpsertUserSetupAsync(Tenant, new ApprovalUserSetup("MGR", ApprovalAdministrator: true));
        var seen = await here.GetAllUserSetupAsync(Tenant);
        Assert.Equal("SUB", seen["REQ"].ApproverId);
        Assert.True(seen["MGR"].ApprovalAdministrator);

        await there.DeleteUserSetupAsync(Tenant, "MGR");
        Assert.False((await here.GetAllUserSetupAsync(Tenant)).ContainsKey("MGR"));
    }

    [Fact]
    public void A_limit_covers_amounts_up_to_it_unlimited_covers_all_and_zero_covers_none()
    {
        var setup = new ApprovalUserSetup("U", SalesAmountApprovalLimit: 1000m, PurchaseAmountApprovalLimit: 0m, UnlimitedPurchaseApproval: true);

        Assert.True(setup.CoversAmount(ApprovalLimitKind.Sales, 1000m));
        Assert.False(setup.CoversAmount(ApprovalLimitKind.Sales, 1000.01m));
        Assert.True(setup.CoversAmount(ApprovalLimitKind.Purchase, 1_000_000_000m));
        Assert.False(setup.CoversAmount(ApprovalLimitKind.Request, 0m));
        Assert.False(setup.CoversAmount(ApprovalLimitKind.Request, 1m));
    }

    [Fact]
    public void The_loop_check_follows_the_chain_the_change_would_make()
    {
        var stored = new Dictionary<string, ApprovalUserSetup>
        {
            ["A"] = new("A", ApproverId: "B"),
            ["B"] = new("B", ApproverId: "C"),
            ["X"] = new("X", ApproverId: "Y"),
            ["Y"] = new("Y", ApproverId: "X"), // a loop stored before is not this change's doing
        };

        Assert.Equal(["C", "A", "B", "C"], ApprovalSetupRules.ApproverLoop("C", "A", stored));
        Assert.Null(ApprovalSetupRules.ApproverLoop("C", "D", stored));
        Assert.Null(ApprovalSetupRules.ApproverLoop("C", "X", stored));
        Assert.Null(ApprovalSetupRules.ApproverLoop("A", "C", stored)); // replaces A → B: C has no approver
    }
}
