using System.Net;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Verification;

namespace Slipway.Tests.Verification;

/// <summary>The verifier's rounds over instances answered in-process: it counts failures across instances and rounds, stops once they exceed the limit, and waits the interval between rounds.</summary>
public class VerifierTests
{
    /// <summary>An instance whose "/" answers 200 with a JSON greeting up to <paramref name="goodRequests"/> times, then 500; /metrics counts the 500s.</summary>
    private sealed class FakeInstance(int goodRequests) : HttpMessageHandler
    {
        private int _requests;
        private int _errors;
        public List<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var path = request.RequestUri!.AbsolutePath;
            lock (Paths) Paths.Add(path);
            if (path == "/metrics")
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"http_errors_total {_errors}\n") });
            if (Interlocked.Increment(ref _requests) > goodRequests)
            {
                Interlocked.Increment(ref _errors);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("{\"error\":\"boom\"}") });
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"conf\":\"local\",\"message\":\"hello from local\"}") });
        }

        // The verifier disposes its clients and their handlers after each run; this one stays readable.
        protected override void Dispose(bool disposing) { }
    }

    private static VerificationSpec Spec(int failureLimit, bool metrics = false) => new()
    {
        IntervalSeconds = 1, DurationSeconds = 3, FailureLimit = failureLimit,
        Http = [new HttpCheckSpec { Path = "/", BodyContains = "hello" }],
        Metrics = metrics ? [new MetricCheckSpec { Name = "http_errors_total", Max = 0 }] : [],
    };

    private static VerificationInstance Instance(string name, HttpMessageHandler handler) => new(name, $"http://{name}.invalid:8080", () => handler);

    [Fact]
    public async Task Failures_beyond_the_limit_fail_naming_the_check_the_instance_and_what_it_saw()
    {
        var waits = new List<TimeSpan>();
        var clock = new ManualClock();
        var verifier = new Verifier(new MemoryBuildLog(), clock, (wait, _) => { waits.Add(wait); clock.Ticks += wait.Ticks; return Task.CompletedTask; });
        var good = new FakeInstance(int.MaxValue);
        var failing = new FakeInstance(2);

        var outcome = await verifier.RunAsync("[svc] e2e", Spec(failureLimit: 1), [Instance("a", good), Instance("b", failing)], CancellationToken.None);

        Assert.False(outcome.Passed);
        Assert.Equal(4, outcome.Rounds);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], waits);
        Assert.Equal(TimeSpan.FromSeconds(3), outcome.Elapsed);
        Assert.Equal(8, outcome.ChecksRun);
        Assert.All(outcome.Failures, f => Assert.Equal(("http[0] GET /", "b (http://b.invalid:8080)", "HTTP 200"), (f.Check, f.Instance, f.Expected)));
        Assert.Equal([3, 4], outcome.Failures.Select(f => f.Round));
        Assert.StartsWith("HTTP 500", outcome.Failures[0].Saw);
        Assert.Contains("2 failed (limit 1)", outcome.Evidence);
    }

    [Fact]
    public async Task Rounds_start_on_the_interval_grid_so_slow_answers_do_not_stretch_the_duration()
    {
        var waits = new List<TimeSpan>();
        var clock = new ManualClock();
        var slow = new FakeInstance(int.MaxValue);
        var verifier = new Verifier(new MemoryBuildLog(), clock, (wait, _) => { waits.Add(wait); clock.Ticks += wait.Ticks; return Task.CompletedTask; });
        var spec = Spec(failureLimit: 0) with { Http = [new HttpCheckSpec { Path = "/", BodyContains = "hello" }] };

        // Each round's checks take 0.4 s of the clock's time (the handler moves it as the answer "arrives").
        var outcome = await verifier.RunAsync("[svc] e2e", spec, [new VerificationInstance("a", "http://a.invalid", () => new Slow(slow, clock))], CancellationToken.None);

        Assert.True(outcome.Passed);
        Assert.Equal([0.6, 0.6, 0.6], waits.Select(w => Math.Round(w.TotalSeconds, 3)));
        Assert.Equal(3.4, Math.Round(outcome.Elapsed.TotalSeconds, 3));
    }

    private sealed class Slow(HttpMessageHandler inner, ManualClock clock) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            clock.Ticks += TimeSpan.FromSeconds(0.4).Ticks;
            return base.SendAsync(request, ct);
        }

        protected override void Dispose(bool disposing) { }
    }

    [Fact]
    public async Task Failures_within_the_limit_pass_after_every_round()
    {
        var verifier = new Verifier(new MemoryBuildLog(), new ManualClock(), (_, _) => Task.CompletedTask);
        var outcome = await verifier.RunAsync("[svc] e2e", Spec(failureLimit: 2), [Instance("b", new FakeInstance(2))], CancellationToken.None);
        Assert.True(outcome.Passed);
        Assert.Equal((4, 2), (outcome.Rounds, outcome.Failures.Count));
    }

    [Fact]
    public async Task The_first_failure_over_a_zero_limit_stops_the_rounds()
    {
        var failing = new FakeInstance(0);
        var verifier = new Verifier(new MemoryBuildLog(), new ManualClock(), (_, _) => Task.CompletedTask);

        var outcome = await verifier.RunAsync("[svc] e2e", Spec(failureLimit: 0, metrics: true), [Instance("b", failing)], CancellationToken.None);

        Assert.False(outcome.Passed);
        Assert.Equal(1, outcome.Rounds);
        Assert.Equal(["/", "/metrics"], failing.Paths);
        Assert.Equal(["http[0] GET /", "metrics[0] http_errors_total at /metrics"], outcome.Failures.Select(f => f.Check));
        Assert.Equal(("http_errors_total = 1", "http_errors_total <= 0"), (outcome.Failures[1].Saw, outcome.Failures[1].Expected));
    }

    [Fact]
    public async Task An_instance_that_does_not_answer_fails_its_checks_saying_so()
    {
        var port = FreePort.Next(); // nothing listens there
        var verifier = new Verifier(new MemoryBuildLog(), new ManualClock(), (_, _) => Task.CompletedTask);

        var outcome = await verifier.RunAsync("[svc] e2e", Spec(failureLimit: 0), [new VerificationInstance("host 'gone'", $"http://127.0.0.1:{port}")], CancellationToken.None);

        var failure = Assert.Single(outcome.Failures);
        Assert.StartsWith("no answer (", failure.Saw);
        Assert.Equal($"host 'gone' (http://127.0.0.1:{port})", failure.Instance);
    }

    [Fact]
    public void A_dry_run_lists_the_checks_per_instance()
    {
        var log = new MemoryBuildLog();
        Verifier.Describe(log, "[svc] e2e", Spec(failureLimit: 1, metrics: true), [Instance("a", new FakeInstance(0)), Instance("b", new FakeInstance(0))]);
        var text = log.Text;
        Assert.Contains("would verify for 3s, every 1s (4 rounds); more than 1 failed check(s) roll back", text);
        Assert.Contains("on b (http://b.invalid:8080):\n    http[0] GET /: expect HTTP 200, body contains \"hello\"\n    metrics[0] http_errors_total at /metrics: expect http_errors_total <= 0", text);
    }
}
