using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workflow.Tests.Api;
using Workflow.Tests.Infrastructure;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Workflows;

/// <summary>User stories of the engine, end to end through the API, on both storage providers.</summary>
public sealed class WorkflowScenarioTests
{
    private static async Task<(TestDatabase Database, WorkflowServerFactory Server, WorkflowApi Api)> StartAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        return (database, server, new WorkflowApi(server.AdminClient()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Conditions_route_a_high_and_a_low_amount_down_different_branches(string provider)
    {
        var (database, server, api) = await StartAsync(provider);
        await using var _ = database;
        await using var __ = server;

        await api.CreateAndEnableAsync("INV-ROUTING",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "SET_RECORD_STATUS", 1, new { status = "Pending Approval" }),
            Event(3, "SALES_INVOICE_POSTED", 2, new { Amount = ">=1000" }, sequenceNo: 1),
            Response(4, "SET_FIELD_VALUE", 3, new { field = "Route", value = "High" }),
            Event(5, "SALES_INVOICE_POSTED", 2, new { Amount = "<1000" }, sequenceNo: 2),
            Response(6, "SET_FIELD_VALUE", 5, new { field = "Route", value = "Low" }),
        ]);

        var high = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1001", new { Amount = "1500.00", Status = "Open" });
        var low = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-1002", new { Amount = "900", Status = "Open" });
        Assert.Equal("Pending Approval", await api.FieldAsync("SALES_INVOICE", "SI-1001", "Status"));
        Assert.Equal("Running", high.GetProperty("startedInstances")[0].GetProperty("status").GetString());

        await api.RaiseOkAsync("SALES_INVOICE_POSTED", "SALES_INVOICE", "SI-1001");
        await api.RaiseOkAsync("SALES_INVOICE_POSTED", "SALES_INVOICE", "SI-1002");

        Assert.Equal("High", await api.FieldAsync("SALES_INVOICE", "SI-1001", "Route"));
        Assert.Equal("Low", await api.FieldAsync("SALES_INVOICE", "SI-1002", "Route"));
        var highInstance = await api.InstanceAsync(high.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Equal("Completed", highInstance.GetProperty("status").GetString());
        Assert.Equal("Completed", StepStatus(highInstance, 3));
        Assert.Equal("Ignored", StepStatus(highInstance, 5));
        Assert.Equal("Inactive", StepStatus(highInstance, 6));
        var lowInstance = await api.InstanceAsync(low.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Equal("Ignored", StepStatus(lowInstance, 3));
        Assert.Equal("Completed", StepStatus(lowInstance, 6));

        // Ended instances leave the running list and their steps are in the archive.
        Assert.Empty((await api.InstancesAsync("?status=Running")).EnumerateArray());
        var archived = await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances?recordId=SI-1001");
        Assert.Equal(6, archived.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_credit_limit_increase_is_held_until_approved_or_dropped_when_rejected(string provider)
    {
        var (database, server, api) = await StartAsync(provider);
        await using var _ = database;
        await using var __ = server;

        await api.CreateAndEnableAsync("CUST-CREDIT", recordType: "CUSTOMER", steps:
        [
            Event(1, "RECORD_CHANGED", changeConditions: new[] { new { field = "Credit Limit (LCY)", @operator = "Increased" } }),
            Response(2, "REVERT_FIELD_VALUE", 1, new { field = "Credit Limit (LCY)" }),
            Event(3, "CUSTOMER_CHANGE_APPROVED", 2),
            Response(4, "APPLY_NEW_VALUES", 3),
            Event(5, "CUSTOMER_CHANGE_REJECTED", 2),
            Response(6, "DISCARD_NEW_VALUES", 5),
        ]);

        foreach (var customer in new[] { "C-10", "C-20" })
            await api.RaiseOkAsync("RECORD_CREATED", "CUSTOMER", customer, new Dictionary<string, string> { ["Name"] = customer, ["Credit Limit (LCY)"] = "1000" });

        // A decrease is not held: the workflow's change condition does not hold.
        var decrease = await api.RaiseOkAsync("RECORD_CHANGED", "CUSTOMER", "C-10", new Dictionary<string, string> { ["Credit Limit (LCY)"] = "800" });
        Assert.Empty(decrease.GetProperty("startedInstances").EnumerateArray());
        Assert.Equal("800", await api.FieldAsync("CUSTOMER", "C-10", "Credit Limit (LCY)"));

        foreach (var (customer, before) in new[] { ("C-10", "800"), ("C-20", "1000") })
        {
            var held = await api.RaiseOkAsync("RECORD_CHANGED", "CUSTOMER", customer, new Dictionary<string, string> { ["Credit Limit (LCY)"] = "5000" });
            Assert.Single(held.GetProperty("startedInstances").EnumerateArray());
            Assert.Equal(before, await api.FieldAsync("CUSTOMER", customer, "Credit Limit (LCY)"));
        }

        await api.RaiseOkAsync("CUSTOMER_CHANGE_APPROVED", "CUSTOMER", "C-10");
        await api.RaiseOkAsync("CUSTOMER_CHANGE_REJECTED", "CUSTOMER", "C-20");

        Assert.Equal("5000", await api.FieldAsync("CUSTOMER", "C-10", "Credit Limit (LCY)"));
        Assert.Equal("1000", await api.FieldAsync("CUSTOMER", "C-20", "Credit Limit (LCY)"));
        Assert.Empty((await api.InstancesAsync("?status=Running")).EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_event_sent_twice_has_the_effect_of_one(string provider)
    {
        var (database, server, api) = await StartAsync(provider);
        await using var _ = database;
        await using var __ = server;
        await api.CreateAndEnableAsync("INV-NOTE",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "SHOW_MESSAGE", 1, new { message = "Invoice submitted." }),
            Event(3, "SALES_INVOICE_POSTED", 2),
        ]);

        var first = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-7", new { Amount = "10" }, idempotencyKey: "client-retry-1");
        var retry = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-7", new { Amount = "10" }, idempotencyKey: "client-retry-1");

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString(), retry.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString());
        var instances = await api.InstancesAsync("?recordId=SI-7");
        var instance = await api.InstanceAsync(Assert.Single(instances.EnumerateArray()).GetProperty("instanceId").GetString()!);
        Assert.Single(instance.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == "Invoice submitted.");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_response_stops_its_own_instance_visibly_and_no_other(string provider)
    {
        var (database, server, api) = await StartAsync(provider);
        await using var _ = database;
        await using var __ = server;
        await api.CreateAndEnableAsync("INV-POST",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "FAIL_WHEN_CUSTOMER_IS_FAIL", 1),
            Response(3, "SET_RECORD_STATUS", 2, new { status = "Released" }),
        ]);

        var failing = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-BAD", new Dictionary<string, string> { ["Customer No."] = "FAIL", ["Status"] = "Open" });
        var fine = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-GOOD", new Dictionary<string, string> { ["Customer No."] = "C-1", ["Status"] = "Open" });

        Assert.Contains("customer FAIL is not allowed", Assert.Single(failing.GetProperty("errors").EnumerateArray()).GetString());
        var failed = await api.InstanceAsync(failing.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("Failed", StepStatus(failed, 2));
        Assert.Contains("customer FAIL", failed.GetProperty("steps")[1].GetProperty("error").GetString());
        Assert.Equal("Inactive", StepStatus(failed, 3));
        Assert.Equal("Open", await api.FieldAsync("SALES_INVOICE", "SI-BAD", "Status"));

        Assert.Empty(fine.GetProperty("errors").EnumerateArray());
        Assert.Equal("Released", await api.FieldAsync("SALES_INVOICE", "SI-GOOD", "Status"));
        Assert.Equal("Completed", (await api.InstanceAsync(fine.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_restricted_record_refuses_changes_until_the_restriction_is_lifted()
    {
        var (database, server, api) = await StartAsync(TestDatabase.Sqlite);
        await using var _ = database;
        await using var __ = server;
        await api.CreateAndEnableAsync("INV-LOCK",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "RESTRICT_RECORD_USAGE", 1),
            Event(3, "SALES_INVOICE_POSTED", 2),
            Response(4, "ALLOW_RECORD_USAGE", 3),
        ]);
        await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-9", new { Amount = "100" });

        var refused = await api.RaiseAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-9", new { Amount = "999" });
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("restricted", problem.GetProperty("detail").GetString());
        Assert.Equal("100", await api.FieldAsync("SALES_INVOICE", "SI-9", "Amount"));

        await api.RaiseOkAsync("SALES_INVOICE_POSTED", "SALES_INVOICE", "SI-9"); // carries no change, so it is let through
        await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-9", new { Amount = "999" });
        Assert.Equal("999", await api.FieldAsync("SALES_INVOICE", "SI-9", "Amount"));
    }

    [Fact]
    public async Task Disabling_stops_new_instances_while_running_ones_finish_on_their_own_copy()
    {
        var (database, server, api) = await StartAsync(TestDatabase.Sqlite);
        await using var _ = database;
        await using var __ = server;
        object[] steps =
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Event(2, "SALES_INVOICE_POSTED", 1),
            Response(3, "SET_FIELD_VALUE", 2, new { field = "Route", value = "Original" }),
        ];
        await api.CreateAndEnableAsync("INV-VERSIONS", steps);
        await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-OLD");

        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync("/api/v1/workflows/INV-VERSIONS/disable", null)).StatusCode);
        steps[2] = Response(3, "SET_FIELD_VALUE", 2, new { field = "Route", value = "Edited" });
        var edited = await api.Client.PutAsJsonAsync("/api/v1/workflows/INV-VERSIONS", new { description = "Edited", steps });
        Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());

        var whileDisabled = await api.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-NEW");
        Assert.Empty(whileDisabled.GetProperty("startedInstances").EnumerateArray());

        await api.RaiseOkAsync("SALES_INVOICE_POSTED", "SALES_INVOICE", "SI-OLD");
        Assert.Equal("Original", await api.FieldAsync("SALES_INVOICE", "SI-OLD", "Route"));
    }
}

public sealed class WorkflowNotificationAndArchiveTests
{
    [Fact]
    public async Task A_notification_response_reaches_the_recipient_and_only_administrators_delete_the_archive()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var server = new WorkflowServerFactory(database, ScenarioPlugins.Directory);
        var api = new WorkflowApi(server.AdminClient());
        var clerk = new WorkflowApi(await server.CreateUserAsync(api.Client, "CLERK"));
        await api.CreateAndEnableAsync("INV-NOTIFY",
        [
            Event(1, "SALES_INVOICE_SUBMITTED"),
            Response(2, "CREATE_NOTIFICATION_ENTRY", 1, new { recipientUserId = "CLERK", entryType = "Approval", message = "Please look at this invoice." }),
            Response(3, "SEND_NOTIFICATION", 2, new { notifySender = "true" }),
        ]);

        await clerk.RaiseOkAsync("SALES_INVOICE_SUBMITTED", "SALES_INVOICE", "SI-50", new { Amount = "10" });

        var clerksNotes = await clerk.Client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal(2, clerksNotes.GetArrayLength()); // one addressed to CLERK, one to the sender, who is CLERK too
        Assert.Contains(clerksNotes.EnumerateArray(), n => n.GetProperty("message").GetString() == "Please look at this invoice." && n.GetProperty("entryType").GetString() == "Approval");
        Assert.Empty((await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray());

        await ProblemAssert.IsProblemAsync(await clerk.Client.DeleteAsync("/api/v1/archived-step-instances?recordId=SI-50"), HttpStatusCode.Forbidden);
        Assert.Equal(3, (await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances?recordId=SI-50")).GetArrayLength());
        var deleted = await api.Client.DeleteAsync("/api/v1/archived-step-instances?recordId=SI-50");
        Assert.Equal(3, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
        Assert.Empty((await api.Client.GetFromJsonAsync<JsonElement>("/api/v1/archived-step-instances?recordId=SI-50")).EnumerateArray());
    }
}
