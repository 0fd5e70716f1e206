using System.Net;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Workflows;
using static Workflow.Tests.Workflows.WorkflowApi;

namespace Workflow.Tests.Posting;

/// <summary>General journal batches: "check if the batch is balanced" with its event pair, and "post the journal batch".</summary>
public sealed class JournalPostingTests
{
    private const string NotBalanced = "The selected general journal batch is not balanced and cannot be sent for approval.";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_balanced_batch_posts_its_lines_to_the_ledgers_and_an_unbalanced_one_is_told_and_kept(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = new WorkflowServerFactory(database);
        var api = new WorkflowApi(server.AdminClient());
        var posting = new PostingApi(api.Client);
        await api.CreateAndEnableAsync("GJ-POST",
        [
            Event(1, "GEN_JOURNAL_BATCH_APPROVAL_REQUESTED"),
            Response(2, "CHECK_GEN_JOURNAL_BATCH_BALANCE", 1),
            Event(3, "GEN_JOURNAL_BATCH_BALANCED", 2),
            Response(4, "POST_GEN_JOURNAL_BATCH", 3),
            Event(5, "GEN_JOURNAL_BATCH_NOT_BALANCED", 2, sequenceNo: 2),
            Response(6, "SHOW_MESSAGE", 5, new { message = NotBalanced }),
        ]);
        await LineAsync(api, "GENERAL/B1/10000", "G/L Account", "8100", "300");
        await LineAsync(api, "GENERAL/B1/20000", "Vendor", "V10000", "-250");
        await LineAsync(api, "GENERAL/B1/30000", "Bank Account", "WWB-OPERATING", "-50");
        await LineAsync(api, "GENERAL/B2/10000", "G/L Account", "8100", "100");
        await LineAsync(api, "GENERAL/B2/20000", "Customer", "C10000", "-40");

        var unbalanced = await api.RaiseOkAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH", "GENERAL/B2", new { Name = "B2", Status = "Open" });
        var told = await api.InstanceAsync(unbalanced.GetProperty("startedInstances")[0].GetProperty("instanceId").GetString()!);
        Assert.Contains(told.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == NotBalanced);
        Assert.Equal("Ignored", StepStatus(told, 3));
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/api/v1/records/GEN_JOURNAL_LINE/GENERAL/B2/10000")).StatusCode);
        Assert.Empty(await posting.ListAsync("posted-documents"));

        var balanced = await api.RaiseOkAsync("GEN_JOURNAL_BATCH_APPROVAL_REQUESTED", "GEN_JOURNAL_BATCH", "GENERAL/B1", new { Name = "B1", Status = "Open" });

        Assert.Empty(balanced.GetProperty("errors").EnumerateArray());
        var register = Assert.Single(await posting.ListAsync("posted-documents?recordType=GEN_JOURNAL_BATCH&recordId=GENERAL/B1"));
        Assert.Equal(("G/L Register", "1"), (register.GetProperty("documentType").GetString(), register.GetProperty("documentNo").GetString()));
        var gl = await posting.LedgerAsync("gl", "documentType=G/L%20Register&documentNo=1");
        Assert.Equal(["8100:300", "5410:-250", "2910:-50"], gl.Select(e => $"{e.GetProperty("accountNo").GetString()}:{PostingApi.Amount(e)}").ToArray());
        Assert.Equal(-250m, PostingApi.Amount(Assert.Single(await posting.LedgerAsync("vendor", "accountNo=V10000"))));
        // The batch's posted lines are gone; the other batch's are not.
        foreach (var gone in new[] { "GEN_JOURNAL_BATCH/GENERAL/B1", "GEN_JOURNAL_LINE/GENERAL/B1/10000", "GEN_JOURNAL_LINE/GENERAL/B1/20000", "GEN_JOURNAL_LINE/GENERAL/B1/30000" })
            Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/api/v1/records/{gone}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/api/v1/records/GEN_JOURNAL_LINE/GENERAL/B2/20000")).StatusCode);

        // Posting the unbalanced batch by hand is refused with its balance.
        var refused = await Api.ProblemAssert.IsProblemAsync(await posting.PostAsync("GEN_JOURNAL_BATCH", "GENERAL/B2"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("out of balance by 60", refused.GetProperty("detail").GetString());
    }

    private static Task LineAsync(WorkflowApi api, string recordId, string accountType, string accountNo, string amount)
    {
        var parts = recordId.Split('/');
        return api.RaiseOkAsync("GEN_JOURNAL_LINE_CREATED", "GEN_JOURNAL_LINE", recordId, new Dictionary<string, string>
        {
            ["Journal Template Name"] = parts[0], ["Journal Batch Name"] = parts[1], ["Line No."] = parts[2],
            ["Account Type"] = accountType, ["Account No."] = accountNo, ["Amount"] = amount,
        });
    }
}
