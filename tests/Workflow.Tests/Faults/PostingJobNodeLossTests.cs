using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Workflow.Tests.Infrastructure;
using Workflow.Tests.Posting;

namespace Workflow.Tests.Faults;

/// <summary>
/// A server is killed (kill -9) in the middle of its background posting queue: after a restart every queued document is
/// posted exactly once — one posted invoice, one vendor entry and balanced G/L entries each, numbers without gaps — and a
/// job the dead server had taken is taken again once its lease has passed.
/// </summary>
public sealed class PostingJobNodeLossTests
{
    private const int Invoices = 40;

    /// <summary>
    /// Jobs kept back until the runner has finished one, then queued in one concurrent burst just before the kill: the
    /// runner posts one job at a time and can start a job only once it is committed, which is when it is acknowledged,
    /// so the burst's acknowledgements arrive together and the kill cuts the queue however fast the runner is.
    /// </summary>
    private const int QueuedLast = 10;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Background_posting_jobs_of_a_killed_server_complete_exactly_once_after_restart(string provider)
    {
        // A kill that lands after the runner emptied the queue (a machine busy enough to let it) proves nothing about an
        // interrupted queue: that run starts again on a fresh database, a bounded number of times.
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            var (queued, finishedBeforeKill, inProcessAtKill) = await KillMidQueueAsync(database);
            if (finishedBeforeKill < 1 || finishedBeforeKill > queued - 1)
            {
                Assert.True(attempt < Attempts, $"In {Attempts} runs the kill never cut the queue part-way: {finishedBeforeKill} of {queued} jobs had finished.");
                continue;
            }
            await AssertEveryJobPostedOnceAfterRestartAsync(database, queued, inProcessAtKill);
            return;
        }
    }

    /// <summary>Queues the invoices' posting jobs on a server process and kills it (kill -9) once its runner has finished one.</summary>
    private static async Task<(int Queued, int FinishedBeforeKill, int InProcessAtKill)> KillMidQueueAsync(TestDatabase database)
    {
        int finishedBeforeKill, inProcessAtKill, queued = 0;
        await using (var doomed = await ServerProcess.StartAsync(database, WorkflowServerFactory.BuiltInPluginsDirectory))
        {
            var admin = doomed.AdminClient();
            var posting = new PostingApi(admin);
            for (var i = 1; i <= Invoices; i++)
                await posting.ReleasedAsync("PURCHASE_DOCUMENT", $"PI-K{i}", PostingApi.VendorInvoice);
            // The server's own runner works through the queue while it fills; the kill lands as soon as it has finished
            // one, so the queue is cut off part-way (what was not queued yet never is).
            while (queued < Invoices - QueuedLast)
            {
                queued++;
                Assert.Equal(HttpStatusCode.Accepted, (await posting.PostAsync("PURCHASE_DOCUMENT", $"PI-K{queued}", inBackground: true)).StatusCode);
                if ((await posting.ListAsync("jobs?status=Finished&take=1")).Length > 0)
                    break;
            }
            // On a busy machine the runner may not have finished one while the queue filled: the kill waits for the first.
            for (var polls = 0; polls < 1500 && (await posting.ListAsync("jobs?status=Finished&take=1")).Length == 0; polls++)
                await Task.Delay(20);
            // The runner keeps pace with jobs queued one by one (it drains the queue as they come): the held-back ones go
            // in one burst, and the kill follows their acknowledgements at once.
            var burst = Enumerable.Range(queued + 1, Math.Min(QueuedLast, Invoices - queued)).ToList();
            var accepted = await Task.WhenAll(burst.Select(i => posting.PostAsync("PURCHASE_DOCUMENT", $"PI-K{i}", inBackground: true)));
            Assert.All(accepted, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
            queued += burst.Count;
            await doomed.KillAsync();
        }
        await using (var storage = database.CreateProvider())
        await using (var connection = await storage.OpenConnectionAsync())
        {
            finishedBeforeKill = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM posting_jobs WHERE status = 'Finished'");
            inProcessAtKill = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM posting_jobs WHERE status = 'InProcess'");
        }
        return (queued, finishedBeforeKill, inProcessAtKill);
    }

    private static async Task AssertEveryJobPostedOnceAfterRestartAsync(TestDatabase database, int queued, int inProcessAtKill)
    {
        // Restarted, on a clock past the dead server's lease.
        var clock = new ManualTimeProvider();
        clock.SetUtcNow(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(6));
        await using var restarted = new WorkflowServerFactory(database, clock: clock);
        var survivor = new PostingApi(restarted.AdminClient());
        for (var rounds = 0; rounds < 10 && (await survivor.ListAsync("jobs?status=Finished&take=1000")).Length < queued; rounds++)
            await restarted.RunDueWorkAsync();

        var jobs = await survivor.ListAsync("jobs?take=1000");
        Assert.Equal(queued, jobs.Length);
        Assert.All(jobs, j => Assert.Equal("Finished", j.GetProperty("status").GetString()));
        // The job the dead server had in hand ran again: its first attempt never committed, so it posted once.
        Assert.Equal(inProcessAtKill, jobs.Count(j => j.GetProperty("attempts").GetInt32() == 2));
        var documents = await survivor.ListAsync("posted-documents?take=1000");
        Assert.Equal(Enumerable.Range(108001, queued).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            documents.Select(d => d.GetProperty("documentNo").GetString()).Order());
        Assert.Equal(queued, documents.Select(d => d.GetProperty("sourceRecordId").GetString()).Distinct().Count());
        Assert.Equal(queued, (await survivor.LedgerAsync("vendor", "take=1000")).Length);
        var gl = await survivor.LedgerAsync("gl", "take=1000");
        Assert.Equal(3 * queued, gl.Length);
        Assert.All(gl.GroupBy(e => e.GetProperty("documentNo").GetString()), document => Assert.Equal(0m, document.Sum(PostingApi.Amount)));
        Assert.Equal(HttpStatusCode.NotFound, (await restarted.AdminClient().GetAsync("/api/v1/records/PURCHASE_DOCUMENT/PI-K1")).StatusCode);
    }
}
