using System.Diagnostics;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Diagnostics;

namespace Slipway.Verification;

/// <summary>
/// Runs a verification block against instances: every check on every instance once per round, a round right away and
/// one each interval after it, stopping early once the failures exceed the limit. Written once for every deploy mode.
/// </summary>
/// <param name="clock">Measures the rounds' schedule and the time taken (default: the system's).</param>
/// <param name="delay">Waits until the next round is due (default: <paramref name="clock"/>'s timers); tests pass one that only moves their clock.</param>
public sealed class Verifier(IBuildLog log, TimeProvider? clock = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Func<TimeSpan, CancellationToken, Task>? _delay = delay;

    /// <param name="what">The log prefix, e.g. "[greeting-web] e2e".</param>
    public async Task<VerificationOutcome> RunAsync(string what, VerificationSpec spec, IReadOnlyList<VerificationInstance> instances, CancellationToken ct)
    {
        var started = _clock.GetTimestamp();
        var failures = new List<CheckFailure>();
        var checksRun = 0;
        var round = 0;
        var clients = instances.Select(i => Client(i, spec)).ToList();
        try
        {
            log.Info($"{what}: verifying {instances.Count} instance(s) for {spec.DurationSeconds}s, every {spec.IntervalSeconds}s " +
                     $"({spec.Rounds} rounds), tolerating {spec.FailureLimit} failed check(s)");
            while (round < spec.Rounds && failures.Count <= spec.FailureLimit)
            {
                // Rounds start on the interval's grid from the first one, so slow answers do not stretch the duration.
                var untilDue = TimeSpan.FromSeconds(spec.IntervalSeconds * round) - _clock.GetElapsedTime(started);
                if (round > 0 && untilDue > TimeSpan.Zero) await (_delay?.Invoke(untilDue, ct) ?? Task.Delay(untilDue, _clock, ct));
                round++;
                var found = await Task.WhenAll(instances.Select((instance, i) => CheckInstanceAsync(spec, instance, clients[i], round, ct)));
                checksRun += found.Length * (spec.Http.Count + spec.Metrics.Count);
                foreach (var failure in found.SelectMany(f => f))
                {
                    failures.Add(failure);
                    log.Warn($"{what}: verification check failed: {failure}");
                }
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
        var outcome = new VerificationOutcome
        {
            Failures = failures, FailureLimit = spec.FailureLimit, Rounds = round, ChecksRun = checksRun,
            Instances = instances.Select(i => i.Name).ToList(), Elapsed = _clock.GetElapsedTime(started),
        };
        log.Info($"{what}: verification {(outcome.Passed ? "passed" : "FAILED")}: {outcome.Evidence}");
        return outcome;
    }

    /// <summary>Dry run: the checks that would run on each instance.</summary>
    public static void Describe(IBuildLog log, string what, VerificationSpec spec, IReadOnlyList<VerificationInstance> instances)
    {
        log.Info($"{what}: would verify for {spec.DurationSeconds}s, every {spec.IntervalSeconds}s ({spec.Rounds} rounds); more than " +
                 $"{spec.FailureLimit} failed check(s) roll back to what ran before and fail the run:");
        if (instances.Count == 0) log.Info("  (no instance this mode can reach: nothing would be verified)");
        foreach (var instance in instances)
        {
            log.Info($"  on {instance.Name} ({instance.BaseUrl}):");
            for (var i = 0; i < spec.Http.Count; i++) log.Info($"    {HttpCheck.Name(spec.Http[i], i)}: expect {Expectation(spec.Http[i])}");
            for (var i = 0; i < spec.Metrics.Count; i++) log.Info($"    {MetricCheck.Name(spec.Metrics[i], i)}: expect {MetricCheck.Bounds(spec.Metrics[i])}");
        }
    }

    private static string Expectation(HttpCheckSpec check) => string.Join(", ", new[]
    {
        $"HTTP {check.Status}",
        check.MaxLatencyMs is { } ms ? $"within {ms} ms" : null,
        check.BodyContains is { } text ? $"body contains \"{text}\"" : null,
        check.JsonPath is { } path ? check.EqualsValue is { } e ? $"{path} = {JsonPathQuery.Show(e)}" : $"{path} present" : null,
    }.Where(p => p is not null));

    private async Task<IReadOnlyList<CheckFailure>> CheckInstanceAsync(VerificationSpec spec, VerificationInstance instance, HttpClient client, int round, CancellationToken ct)
    {
        var failures = new List<CheckFailure>();
        for (var i = 0; i < spec.Http.Count; i++)
        {
            var check = spec.Http[i];
            var answer = await GetAsync(client, instance, check.Path, ct);
            var verdict = answer.Error is { } error ? (Saw: error, Expected: $"HTTP {check.Status}") : HttpCheck.Judge(check, answer.Status, answer.Body, answer.Latency);
            if (verdict is { } v) failures.Add(new CheckFailure(HttpCheck.Name(check, i), $"{instance.Name} ({instance.BaseUrl})", v.Saw, v.Expected, round));
        }
        for (var i = 0; i < spec.Metrics.Count; i++)
        {
            var check = spec.Metrics[i];
            var answer = await GetAsync(client, instance, check.Path, ct);
            var verdict = answer.Error is { } error ? (Saw: error, Expected: MetricCheck.Bounds(check)) : MetricCheck.Judge(check, answer.Status, answer.Body);
            if (verdict is { } v) failures.Add(new CheckFailure(MetricCheck.Name(check, i), $"{instance.Name} ({instance.BaseUrl})", v.Saw, v.Expected, round));
        }
        return failures;
    }

    private static async Task<(int Status, string Body, TimeSpan Latency, string? Error)> GetAsync(HttpClient client, VerificationInstance instance, string path, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(instance.BaseUrl + path, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return ((int)response.StatusCode, body, watch.Elapsed, null);
        }
        catch (HttpRequestException e) { return (0, "", watch.Elapsed, $"no answer ({e.Message})"); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return (0, "", watch.Elapsed, $"no answer within {client.Timeout.TotalSeconds:0}s"); }
    }

    // A check with a latency bound still gets an answer well past it, so the message can say how late it was.
    private static HttpClient Client(VerificationInstance instance, VerificationSpec spec) =>
        new(instance.Handler?.Invoke() ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            Timeout = TimeSpan.FromMilliseconds(Math.Max(10_000, 4 * spec.Http.Max(h => h.MaxLatencyMs) ?? 0)),
        };
}
