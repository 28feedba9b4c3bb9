using System.Net;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

public class RegistryAuthTests
{
    private const string Password = "pa55-Very-Secret";

    [Fact]
    public async Task Basic_auth_registry_accepts_the_right_password_and_rejects_a_wrong_one_without_leaking_it()
    {
        await using var server = await TestRegistry.StartAsync(new LocalRegistryOptions { Username = "ci", Password = Password });
        var log = new MemoryBuildLog();
        var options = RegistryFixture.FastOptions with { Log = log };

        using (var good = new RegistryClient(server.Url, new RegistryCredentials("ci", Password), insecure: true, options: options))
        {
            await good.PingAsync();
            var image = TestImage.Create(layerCount: 1);
            await image.PushAsync(good, "ncerepo/auth", "v1");
            Assert.Equal(image.Digest, (await good.GetManifestAsync("ncerepo/auth", "v1")).Digest);
        }

        const string wrong = "wrong-Secret-123";
        using var bad = new RegistryClient(server.Url, new RegistryCredentials("ci", wrong), insecure: true, options: options);
        var ex = await Assert.ThrowsAsync<RegistryException>(() => bad.GetManifestAsync("ncerepo/auth", "v1"));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("401", ex.Message);
        Assert.DoesNotContain(wrong, ex.Message);
        Assert.DoesNotContain(Password, ex.Message);
        Assert.DoesNotContain(wrong, log.Text);
        Assert.DoesNotContain(Password, log.Text);
        Assert.DoesNotContain(Password, File.ReadAllText(Path.Combine(server.DataDirectory, "htpasswd")));

        using var anonymous = new RegistryClient(server.Url, insecure: true, options: options);
        var anon = await Assert.ThrowsAsync<RegistryException>(() => anonymous.PingAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anon.StatusCode);
    }

    [Fact]
    public async Task Bearer_challenge_fetches_a_scoped_token_once_and_caches_it_and_every_request_names_slipway()
    {
        var stub = new TokenRegistryStub();
        var options = new RegistryClientOptions { PrimaryHandler = stub, Retry = RegistryRetryOptions.None };
        using var client = new RegistryClient("https://registry.example.com", new RegistryCredentials("robot", "tok-secret"), options: options);

        var first = await client.GetManifestAsync("ncerepo/orders", "1.0");
        var second = await client.GetManifestAsync("ncerepo/orders", "1.0");

        Assert.Equal(stub.Digest, first.Digest);
        Assert.Equal(stub.Digest, second.Digest);
        Assert.Equal(1, stub.TokenRequests);
        Assert.Contains("scope=repository%3Ancerepo%2Forders%3Apull", stub.LastTokenQuery);
        Assert.Contains("service=registry.example.com", stub.LastTokenQuery);
        Assert.True(stub.TokenRequestHadBasic);
        Assert.Equal(4, stub.UserAgents.Count); // challenged GET, token request, GET with the token, cached GET
        Assert.All(stub.UserAgents, agent => Assert.Matches(@"^slipway/\d+\.\d+\.\d+", agent));
    }

    [Fact]
    public async Task A_real_token_auth_registry_takes_a_token_that_grants_the_scope()
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        using var client = new RegistryClient(registry.Url, new RegistryCredentials("ci", Password), insecure: true, options: RegistryFixture.FastOptions);
        var image = TestImage.Create(layerCount: 1);

        await image.PushAsync(client, "ncerepo/token", "v1");

        Assert.Equal(image.Digest, await client.HeadManifestAsync("ncerepo/token", "v1"));
        Assert.True(registry.TokensGranted >= 2, $"{registry.TokensGranted} tokens"); // push (pull,push) and pull scopes
    }

    /// <summary>A registry + token server in one handler: /v2/ needs "Bearer good-token"; /token hands it out.</summary>
    private sealed class TokenRegistryStub : HttpMessageHandler
    {
        private readonly byte[] _manifest = TestImage.Create(1, 10).Manifest;
        public string Digest => Digests.Sha256(_manifest);
        public int TokenRequests;
        public string LastTokenQuery = "";
        public bool TokenRequestHadBasic;
        public List<string> UserAgents = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var uri = request.RequestUri!;
            UserAgents.Add(request.Headers.UserAgent.ToString());
            if (uri.AbsolutePath == "/token")
            {
                TokenRequests++;
                LastTokenQuery = uri.Query;
                TokenRequestHadBasic = request.Headers.Authorization?.Scheme == "Basic";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("{\"token\":\"good-token\",\"expires_in\":300}"),
                });
            }
            if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: "good-token" })
            {
                var denied = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}") };
                denied.Headers.WwwAuthenticate.ParseAdd("Bearer realm=\"https://registry.example.com/token\",service=\"registry.example.com\",scope=\"repository:ncerepo/orders:pull\"");
                return Task.FromResult(denied);
            }
            var ok = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_manifest) };
            ok.Content.Headers.ContentType = new(MediaTypes.DockerManifest);
            ok.Headers.Add("Docker-Content-Digest", Digest);
            return Task.FromResult(ok);
        }
    }
}
