using System.Net;
using System.Net.Http.Headers;

namespace Slipway.Tests.Trigger;

/// <summary>Every endpoint of the trigger API refuses a request without the right bearer token.</summary>
public sealed class TriggerAuthTests
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/runs" }, { "GET", "/runs/1" }, { "GET", "/runs/1/log" }, { "POST", "/runs" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_missing_token_is_refused_with_401_and_a_bearer_challenge(string method, string path)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        using var client = new HttpClient { BaseAddress = harness.Server.Url };
        using var response = await client.SendAsync(Request(method, path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
    }

    [Theory]
    [InlineData("Bearer", "wrong-token-0123456789abcdef")]
    [InlineData("Bearer", "x")]
    [InlineData("Bearer", TriggerHarness.Token + "x")]
    [InlineData("Basic", TriggerHarness.Token)]
    public async Task A_wrong_token_is_refused_with_401_and_nothing_runs(string scheme, string token)
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        using var client = new HttpClient { BaseAddress = harness.Server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token);
        using var post = await client.SendAsync(Request("POST", "/runs"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Contains("invalid_token", post.Headers.WwwAuthenticate.ToString());
        var body = await post.Content.ReadAsStringAsync();
        Assert.DoesNotContain(TriggerHarness.Token, body);
        Assert.Empty(harness.Server.Scheduler.Recent(10));
    }

    [Fact]
    public async Task The_right_token_is_accepted()
    {
        await using var harness = await TriggerHarness.StartAsync(new GatedExecutor());
        using var response = await harness.Client.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_short_token_is_rejected_at_start()
    {
        var error = await Assert.ThrowsAsync<Slipway.Diagnostics.SlipwayException>(() => TriggerHarness.StartWithTokenAsync("q7Zk2pW9"));
        Assert.Contains("--serve-token", error.Message);
        Assert.DoesNotContain("q7Zk2pW9", error.Message);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST"
            ? new StringContent("""{"service":"greeting-web","env":"local","target":"Deploy","dryRun":true}""", System.Text.Encoding.UTF8, "application/json")
            : null,
    };
}
