using System.Net;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

[Collection("registry")]
public class RegistryResilienceTests(RegistryFixture registries)
{
    private async Task<(string Repo, TestImage Image)> PushAsync()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("flaky");
        var image = TestImage.Create(layerCount: 1);
        await image.PushAsync(client, repo, "v1");
        return (repo, image);
    }

    [Fact]
    public async Task Transient_503s_are_retried_until_the_registry_answers()
    {
        var (repo, image) = await PushAsync();
        await using var proxy = new FlakyProxy(registries.A.Url, failures: 2);
        using var client = new RegistryClient(proxy.Url, insecure: true, options: RegistryFixture.FastOptions);

        var manifest = await client.GetManifestAsync(repo, "v1");

        Assert.Equal(image.Digest, manifest.Digest);
        Assert.Equal(3, proxy.Requests);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_delay_its_Retry_After_asks_for_not_the_shorter_backoff()
    {
        var log = new Slipway.Diagnostics.MemoryBuildLog();
        var busy = new BusyOnceHandler();
        using var client = new RegistryClient("https://registry.example.com", options: RegistryFixture.FastOptions with { Log = log, PrimaryHandler = busy });

        await client.PingAsync();

        Assert.Equal(2, busy.Requests);
        Assert.Contains("retry 1/3 in 1000 ms after HTTP 429", log.Text); // FastOptions' backoff is at most 50 ms
    }

    /// <summary>Answers 429 with Retry-After: 1 once, then 200.</summary>
    private sealed class BusyOnceHandler : HttpMessageHandler
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (Interlocked.Increment(ref Requests) > 1) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            var busy = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return Task.FromResult(busy);
        }
    }

    [Fact]
    public async Task Dropped_connections_are_retried()
    {
        var (repo, image) = await PushAsync();
        await using var proxy = new TcpProxy(registries.A.Port, dropFirst: 2);
        using var client = new RegistryClient(proxy.Url, insecure: true, options: RegistryFixture.FastOptions);
        var digest = await client.HeadManifestAsync(repo, "v1");
        Assert.Equal(image.Digest, digest);
        Assert.True(proxy.Connections >= 3);
    }

    [Fact]
    public async Task A_registry_that_keeps_failing_gives_up_with_the_status()
    {
        await using var proxy = new FlakyProxy(registries.A.Url, failures: int.MaxValue);
        using var client = new RegistryClient(proxy.Url, insecure: true, options: RegistryFixture.FastOptions);
        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("ncerepo/x", "v1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(4, proxy.Requests);
        Assert.StartsWith($"GET manifest 127.0.0.1:{new Uri(proxy.Url).Port}/ncerepo/x:v1 failed: 503", ex.Message);
    }

    [Fact]
    public async Task A_registry_that_is_down_gives_a_clear_error_naming_the_url()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var client = new RegistryClient(url, insecure: true, options: RegistryFixture.FastOptions);
        var ex = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync());
        Assert.Null(ex.StatusCode);
        Assert.Contains($"cannot reach registry {url}/", ex.Message);
        Assert.Contains("running", ex.Message);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_seekable_upload_is_restarted_from_the_beginning()
    {
        // The first two requests (the upload POSTs) fail: the whole upload restarts and succeeds.
        await using var proxy = new FlakyProxy(registries.A.Url, failures: 2);
        using var client = new RegistryClient(proxy.Url, insecure: true, options: RegistryFixture.FastOptions);
        var repo = RegistryFixture.Repo("restart");
        var data = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000);
        var digest = await client.UploadBlobAsync(repo, data);
        using var direct = registries.ClientA();
        Assert.Equal(data, await direct.GetBlobBytesAsync(repo, digest));
    }
}
