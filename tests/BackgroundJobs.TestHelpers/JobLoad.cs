using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BackgroundJobs.TestHelpers;

/// <summary>
/// A load of bulk e-mail job submissions over real HTTP, as many clients would send them: each job
/// with its own <c>Idempotency-Key</c> and a few inline recipients, from <see cref="JobLoadPlan.Clients"/>
/// concurrent clients. Some keys are sent twice on purpose, one copy right behind the original (so
/// the two race) and one after every job has finished. The benchmark and the load test share it,
/// so the figures and the assertions are about the same run.
/// </summary>
public static class JobLoad
{
    private static readonly TimeSpan FirstPollPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastPollPause = TimeSpan.FromSeconds(2);

    /// <summary>Sends every submission of the plan and waits until the jobs have ended (or <paramref name="timeout"/>).</summary>
    public static async Task<JobLoadResult> RunAsync(HttpClient http, JobLoadPlan plan, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(plan);
        var result = new JobLoadResult(plan);
        var clock = Stopwatch.StartNew();

        // Phase 1: every job once, with a racing copy of some of them right behind the original.
        var queue = new List<(int Job, bool Duplicate)>(plan.Jobs + plan.RacingDuplicates);
        var raceEvery = plan.RacingDuplicates == 0 ? int.MaxValue : Math.Max(1, plan.Jobs / plan.RacingDuplicates);
        var racing = 0;
        for (var job = 0; job < plan.Jobs; job++)
        {
            queue.Add((job, false));
            if (job % raceEvery == 0 && racing < plan.RacingDuplicates)
            {
                queue.Add((job, true));
                racing++;
            }
        }

        await SendAllAsync(http, plan, queue, result, cancellationToken);
        result.SubmitElapsed = clock.Elapsed;

        // Phase 2: every job has ended (each followed through its status URL).
        await WaitForEndingsAsync(http, plan, result, timeout, cancellationToken);
        result.CompletedElapsed = clock.Elapsed;

        // Phase 3: keys of finished jobs sent again; each must answer with its finished job.
        var late = Enumerable.Range(0, plan.LateDuplicates).Select(i => ((int)((long)i * plan.Jobs / Math.Max(1, plan.LateDuplicates)), true)).ToList();
        await SendAllAsync(http, plan, late, result, cancellationToken);
        return result;
    }

    /// <summary>The recipients of job <paramref name="job"/>, so that every address in a run is distinct.</summary>
    public static IEnumerable<string> RecipientsOf(JobLoadPlan plan, int job)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Enumerable.Range(0, plan.RecipientsPerJob).Select(r => string.Create(CultureInfo.InvariantCulture, $"{plan.RunId}-j{job}-r{r}@example.com"));
    }

    private static async Task SendAllAsync(HttpClient http, JobLoadPlan plan, List<(int Job, bool Duplicate)> queue, JobLoadResult result, CancellationToken cancellationToken)
    {
        var next = -1;
        var clients = Enumerable.Range(0, Math.Min(plan.Clients, Math.Max(1, queue.Count))).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < queue.Count)
            {
                var (job, duplicate) = queue[i];
                await SubmitAsync(http, plan, job, duplicate, result, cancellationToken);
            }
        });
        await Task.WhenAll(clients);
    }

    private static async Task SubmitAsync(HttpClient http, JobLoadPlan plan, int job, bool duplicate, JobLoadResult result, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/jobs/bulk-email", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                subject = "Load {{name}}",
                text = "Hello {{name}}, job " + job.ToString(CultureInfo.InvariantCulture),
                recipients = RecipientsOf(plan, job).Select(email => new { email, name = "Reader" }),
            }),
        };
        request.Headers.Add("Idempotency-Key", KeyOf(plan, job));
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            result.Record(job, duplicate, (int)response.StatusCode, elapsed, response.StatusCode == HttpStatusCode.Accepted ? IdOf(body) : null, body);
        }
        catch (HttpRequestException ex)
        {
            result.Record(job, duplicate, 0, clock.Elapsed.TotalMilliseconds, null, ex.Message);
        }
    }

    private static async Task WaitForEndingsAsync(HttpClient http, JobLoadPlan plan, JobLoadResult result, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var jobs = result.AcceptedIds.ToList();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var waiters = Enumerable.Range(0, Math.Min(plan.Clients, Math.Max(1, jobs.Count))).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs.Count)
            {
                var (job, id) = jobs[i];
                var uri = new Uri("/runtime/webhooks/durabletask/instances/" + id, UriKind.Relative);
                var pause = FirstPollPause;
                while (true)
                {
                    using var response = await http.GetAsync(uri, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var status = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                        result.Ended[job] = status;
                        break;
                    }

                    if (response.StatusCode != HttpStatusCode.Accepted || clock.Elapsed > timeout)
                    {
                        result.Unfinished[job] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                        break;
                    }

                    // Backing off keeps the waiters' polls from being most of the storage's work on
                    // Azure Storage (64 waiters every 100 ms were, on Azurite) while a job is quick
                    // to be seen done in memory.
                    await Task.Delay(pause, cancellationToken);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LastPollPause.Ticks));
                }
            }
        });
        await Task.WhenAll(waiters);
    }

    private static string KeyOf(JobLoadPlan plan, int job) => string.Create(CultureInfo.InvariantCulture, $"load-{plan.RunId}-{job}");

    private static string? IdOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetString();
    }
}

/// <param name="Jobs">Distinct jobs (distinct keys).</param>
/// <param name="Clients">Concurrent clients, each sending one request at a time.</param>
/// <param name="RacingDuplicates">Keys sent a second time right behind their original, while it is being started.</param>
/// <param name="LateDuplicates">Keys sent again once every job has ended.</param>
/// <param name="RecipientsPerJob">Inline recipients per job, each address distinct in the run.</param>
public sealed record JobLoadPlan(int Jobs, int Clients, int RacingDuplicates = 50, int LateDuplicates = 50, int RecipientsPerJob = 3)
{
    /// <summary>Makes the keys and addresses of one run distinct from any other's.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];
}

/// <summary>What a <see cref="JobLoad"/> run saw, and <see cref="Violations"/>: every way it fell short.</summary>
public sealed class JobLoadResult(JobLoadPlan plan)
{
    private readonly ConcurrentBag<Submission> submissions = [];

    public JobLoadPlan Plan { get; } = plan;

    /// <summary>From the first request to the last answer of the first submission of every job (and the racing copies).</summary>
    public TimeSpan SubmitElapsed { get; internal set; }

    /// <summary>From the first request until every job had ended.</summary>
    public TimeSpan CompletedElapsed { get; internal set; }

    /// <summary>The Durable Functions status of each job that ended, by job number.</summary>
    public ConcurrentDictionary<int, JsonElement> Ended { get; } = new();

    /// <summary>Jobs that had not ended by the deadline, with the last answer.</summary>
    public ConcurrentDictionary<int, string> Unfinished { get; } = new();

    public IReadOnlyCollection<Submission> Submissions => submissions;

    /// <summary>Requests answered in the first phase (originals and racing copies), per second.</summary>
    public double SubmissionsPerSecond => (Plan.Jobs + Plan.RacingDuplicates) / SubmitElapsed.TotalSeconds;

    /// <summary>Jobs ended per second, from the first request to the last ending.</summary>
    public double JobsPerSecond => Plan.Jobs / CompletedElapsed.TotalSeconds;

    /// <summary>The job id each job's first (non-duplicate) submission was given.</summary>
    public IEnumerable<(int Job, string Id)> AcceptedIds =>
        submissions.Where(s => !s.Duplicate && s.Id is not null).Select(s => (s.Job, s.Id!));

    /// <summary>The latency percentile (0-1), in milliseconds, of the first submissions of the jobs.</summary>
    public double LatencyPercentileMs(double p)
    {
        var sorted = submissions.Where(s => !s.Duplicate).Select(s => s.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    internal void Record(int job, bool duplicate, int status, double milliseconds, string? id, string body) =>
        submissions.Add(new Submission(job, duplicate, status, milliseconds, id, status == 202 ? null : body));

    /// <summary>
    /// Every broken promise, in words: a status other than 202 (a 5xx above all), a job accepted under
    /// two ids or two jobs under one, a duplicate answered with another job, a job that did not complete
    /// or did not send to all its recipients, a recipient mailed other than exactly once.
    /// </summary>
    public List<string> Violations(Func<string, int> timesMailed)
    {
        ArgumentNullException.ThrowIfNull(timesMailed);
        var problems = new List<string>();
        foreach (var failed in submissions.Where(s => s.Status != 202).Take(10))
        {
            problems.Add($"job {failed.Job} (duplicate: {failed.Duplicate}) answered {failed.Status}: {failed.Body}");
        }

        var originals = submissions.Where(s => !s.Duplicate && s.Id is not null).ToList();
        var idsByJob = originals.GroupBy(s => s.Job).ToDictionary(g => g.Key, g => g.First().Id!);
        if (idsByJob.Count != Plan.Jobs || originals.Count != Plan.Jobs)
        {
            problems.Add($"{Plan.Jobs} jobs submitted, {originals.Count} first submissions accepted for {idsByJob.Count} jobs");
        }

        var distinct = idsByJob.Values.Distinct(StringComparer.Ordinal).Count();
        if (distinct != idsByJob.Count)
        {
            problems.Add($"{idsByJob.Count} jobs accepted under only {distinct} distinct ids");
        }

        var duplicates = submissions.Where(s => s.Duplicate).ToList();
        if (duplicates.Count != Plan.RacingDuplicates + Plan.LateDuplicates)
        {
            problems.Add($"{Plan.RacingDuplicates + Plan.LateDuplicates} duplicate submissions planned, {duplicates.Count} sent");
        }

        foreach (var copy in duplicates.Where(d => d.Id is not null && idsByJob.GetValueOrDefault(d.Job) != d.Id).Take(10))
        {
            problems.Add($"a repeated key of job {copy.Job} answered job {copy.Id}, not {idsByJob.GetValueOrDefault(copy.Job)}");
        }

        foreach (var (job, last) in Unfinished.Take(10))
        {
            problems.Add($"job {job} had not ended: {last}");
        }

        foreach (var (job, status) in Ended.Where(e => !CompletedWithAllSent(e.Value)).Take(10))
        {
            problems.Add($"job {job} ended {status}");
        }

        if (Ended.Count != Plan.Jobs)
        {
            problems.Add($"{Ended.Count} of {Plan.Jobs} jobs ended");
        }

        var wrong = Enumerable.Range(0, Plan.Jobs).SelectMany(job => JobLoad.RecipientsOf(Plan, job))
            .Select(email => (email, times: timesMailed(email))).Where(r => r.times != 1).ToList();
        foreach (var (email, times) in wrong.Take(10))
        {
            problems.Add($"{email} was mailed {times} times");
        }

        if (wrong.Count > 10)
        {
            problems.Add($"... {wrong.Count} recipients in all were not mailed exactly once");
        }

        return problems;
    }

    private bool CompletedWithAllSent(JsonElement status) =>
        status.GetProperty("runtimeStatus").GetString() == "Completed"
        && status.GetProperty("output").GetProperty("sent").GetInt32() == Plan.RecipientsPerJob;

    /// <param name="Status">The HTTP status, or 0 when the connection failed.</param>
    /// <param name="Body">The answer when it was not 202.</param>
    public sealed record Submission(int Job, bool Duplicate, int Status, double Milliseconds, string? Id, string? Body);
}
