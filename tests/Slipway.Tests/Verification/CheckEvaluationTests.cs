using System.Text.Json;
using Slipway.Catalog;
using Slipway.Verification;

namespace Slipway.Tests.Verification;

/// <summary>How one answer is judged: HTTP checks (status, latency, body, JSON value), metric checks (Prometheus text), the JSONPath subset.</summary>
public class CheckEvaluationTests
{
    private const string Hello = """{"service":"greeting-web","conf":"local","message":"hello from local","port":18080,"items":[{"id":7}]}""";

    private static HttpCheckSpec Check(string? jsonPath = null, string? equalsJson = null, string? bodyContains = null, int? maxLatencyMs = null) => new()
    {
        Path = "/", JsonPath = jsonPath, BodyContains = bodyContains, MaxLatencyMs = maxLatencyMs,
        EqualsValue = equalsJson is null ? null : JsonDocument.Parse(equalsJson).RootElement.Clone(),
    };

    public static TheoryData<string, int, string, int, string?, string?> HttpCases => new()
    {
        // name, status, body, latency ms, expected saw (null: passes), expected expectation
        { "all good", 200, Hello, 10, null, null },
        { "server error", 500, """{"error":"failing"}""", 10, "HTTP 500 (body: {\"error\":\"failing\"})", "HTTP 200" },
        { "too slow", 200, Hello, 900, "an answer after 900 ms", "at most 500 ms" },
        { "missing text", 200, Hello.Replace("hello", "bye"), 10, "a body without it", "the body to contain \"hello\"" },
        { "wrong value", 200, Hello.Replace("\"conf\":\"local\"", "\"conf\":\"staging\""), 10, "$.conf = staging", "$.conf = local" },
        { "value absent", 200, """{"hello":1}""", 10, "no $.conf in the body", "$.conf = local" },
        { "not JSON", 200, "hello, not json", 10, "a body that is not JSON", "JSON with $.conf" },
    };

    [Theory]
    [MemberData(nameof(HttpCases))]
    public void An_http_answer_is_judged_by_status_latency_body_and_json_value(string name, int status, string body, int latencyMs, string? saw, string? expected)
    {
        var verdict = HttpCheck.Judge(Check("$.conf", "\"local\"", "hello", 500), status, body, TimeSpan.FromMilliseconds(latencyMs));

        if (saw is null) { Assert.True(verdict is null, $"{name}: {verdict}"); return; }
        Assert.NotNull(verdict);
        Assert.StartsWith(saw, verdict.Value.Saw);
        Assert.Equal(expected, verdict.Value.Expected);
    }

    [Theory]
    [InlineData("$.port", "18080", true)]
    [InlineData("$.port", "18081", false)]
    [InlineData("$.items[0].id", "7", true)]
    [InlineData("$['message']", "\"hello from local\"", true)]
    [InlineData("$.items[1].id", null, false)]
    [InlineData("$.service", null, true)]
    public void Json_values_of_any_type_compare_as_their_text(string path, string? equalsJson, bool passes)
    {
        var verdict = HttpCheck.Judge(Check(path, equalsJson), 200, Hello, TimeSpan.Zero);
        Assert.Equal(passes, verdict is null);
    }

    private const string Metrics = """
        # HELP http_errors_total Requests answered with 500.
        # TYPE http_errors_total counter
        http_errors_total{path="/",code="500"} 2
        http_errors_total{path="/info",note="a } in a label"} 1.5
        http_requests_total 40 1700000000000
        """;

    [Fact]
    public void Prometheus_text_sums_a_metric_over_its_label_sets()
    {
        var sums = PrometheusText.Sums(Metrics);
        Assert.Equal(3.5, sums["http_errors_total"]);
        Assert.Equal(40, sums["http_requests_total"]);
        Assert.Equal(2, sums.Count);
    }

    [Theory]
    [InlineData("http_errors_total", null, 3.5, null, null)]
    [InlineData("http_errors_total", null, 0.0, "http_errors_total = 3.5", "http_errors_total <= 0")]
    [InlineData("http_requests_total", 50.0, null, "http_requests_total = 40", "http_requests_total >= 50")]
    [InlineData("jvm_threads", null, 10.0, "no metric named jvm_threads (served: http_errors_total, http_requests_total)", "jvm_threads <= 10")]
    public void A_metric_check_names_the_value_it_saw_and_its_bounds(string metric, double? min, double? max, string? saw, string? expected)
    {
        var verdict = MetricCheck.Judge(new MetricCheckSpec { Name = metric, Min = min, Max = max }, 200, Metrics);
        Assert.Equal(saw, verdict?.Saw);
        Assert.Equal(expected, verdict?.Expected);
    }

    [Fact]
    public void A_metrics_endpoint_that_does_not_answer_200_fails_the_check()
    {
        var verdict = MetricCheck.Judge(new MetricCheckSpec { Name = "http_errors_total", Max = 0 }, 404, "");
        Assert.Equal(("HTTP 404 from /metrics", "HTTP 200 with http_errors_total <= 0"), verdict);
    }
}
