using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Slipway.Trigger;

namespace Slipway.Tests.Trigger;

/// <summary>What <c>POST /runs</c> refuses before anything is queued: unknown fields, oversized bodies, over-long fields.</summary>
public sealed class TriggerRequestLimitTests
{
    private const string Valid = "\"service\":\"greeting-web\",\"env\":\"local\",\"target\":\"Deploy\"";

    [Theory]
    [InlineData("{" + Valid + ",\"branche\":\"main\"}", "'branche'")]
    [InlineData("{" + Valid + ",\"dry_run\":true,\"priority\":1}", "'dry_run', 'priority'")]
    [InlineData("{" + Valid + ",\"token\":{\"nested\":[1,2]}}", "'token'")]
    public async Task An_unknown_field_is_refused_with_400_naming_it_and_the_known_fields(string body, string named)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        var error = await PostExpectingAsync(harness, new StringContent(body, Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        Assert.Contains("unknown field", error);
        Assert.Contains(named, error);
        Assert.Contains("Fix: use only service, branch, commit, target, env, dryRun", error);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_refused_with_400()
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        var error = await PostExpectingAsync(harness, new StringContent("[{" + Valid + "}]", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        Assert.Contains("request body: it is a JSON array, not an object", error);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_10_MB_body_is_refused_with_413_and_nothing_is_queued(bool withContentLength)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        var body = Encoding.UTF8.GetBytes("{" + Valid + ",\"branch\":\"" + new string('a', 10 * 1024 * 1024) + "\"}");
        HttpContent content = withContentLength
            ? new ByteArrayContent(body)
            : new StreamContent(new NoLengthStream(body)); // sent chunked
        content.Headers.ContentType = new("application/json");

        var error = await PostExpectingAsync(harness, content, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"larger than the {RunRequestLimits.BodyBytes} bytes allowed", error);
        Assert.Contains("Fix:", error);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
        Assert.Equal("[]", await harness.Client.GetStringAsync("/runs"));
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read()
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        var padding = new string(' ', RunRequestLimits.BodyBytes - 200);
        using var response = await harness.Client.PostAsync("/runs",
            new StringContent("{" + padding + Valid + "}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("service", RunRequestLimits.Service, "catalog service")]
    [InlineData("env", RunRequestLimits.Env, "catalog environment")]
    [InlineData("target", RunRequestLimits.Target, "use one of")]
    [InlineData("branch", RunRequestLimits.Branch, "branch name")]
    [InlineData("commit", RunRequestLimits.Commit, "commit hash")]
    [InlineData("digest", RunRequestLimits.Digest, "manifest digest")]
    [InlineData("reason", RunRequestLimits.Reason, "sentence or two")]
    public async Task An_over_long_field_is_refused_with_400_naming_it_its_limit_and_the_fix(string field, int limit, string fix)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        var request = new Dictionary<string, object> { ["service"] = "greeting-web", ["env"] = "local", ["target"] = "Deploy" };
        var value = new string('a', limit + 1);
        request[field] = value;
        var error = await PostExpectingAsync(harness, JsonContent.Create(request), HttpStatusCode.BadRequest);
        Assert.StartsWith($"{field}: it is {limit + 1} characters long; the limit is {limit}. Fix: ", error);
        Assert.Contains(fix, error);
        Assert.DoesNotContain(value, error);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
    }

    [Fact]
    public async Task A_field_at_its_limit_passes_the_length_check()
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        var branch = "feature/" + new string('b', RunRequestLimits.Branch - "feature/".Length);
        var posted = await harness.PostRunAsync(new { service = "greeting-web", env = "local", target = "Deploy", branch });
        Assert.Equal(branch, posted.GetProperty("branch").GetString());
    }

    private static async Task<string> PostExpectingAsync(TriggerHarness harness, HttpContent content, HttpStatusCode expected)
    {
        using var response = await harness.Client.PostAsync("/runs", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>A stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
