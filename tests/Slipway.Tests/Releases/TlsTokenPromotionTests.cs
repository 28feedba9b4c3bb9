using System.Text.Json.Nodes;
using Slipway.Chain;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

/// <summary>
/// The real chain against a pair of registries as a platform team runs them: HTTPS with a private CA (caFile) and token
/// auth. The sample is built and pushed to the first, promoted tag-only and by mount within it (the reported bug: the
/// manifest PUT after the mounts got 401 and no token was asked for it), then across to the second; skopeo reads each.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class TlsTokenPromotionTests
{
    private const string Password = "chain-Very-Secret-42";
    private const string Service = LocalChain.Service;

    [Fact]
    public async Task Push_then_promote_tag_only_by_mount_and_across_registries_works_over_TLS_with_token_auth()
    {
        using var dir = new TempDir();
        var certificates = TestCertificates.WriteTo(dir.Combine("tls"));
        await using var first = await TokenAuthRegistry.StartAsync(certificates);
        await using var second = await TokenAuthRegistry.StartAsync(certificates);
        var source = "tt-" + Guid.NewGuid().ToString("N")[..8];
        string Env(string suffix) => $"{source}-{suffix}";
        await using var chain = await LocalChain.StartAsync(catalog =>
        {
            JsonObject Registry(TokenAuthRegistry registry, string ns) => new()
            {
                ["url"] = registry.Url, ["namespace"] = ns, ["caFile"] = certificates.CaFile,
                ["credentials"] = new JsonObject { ["username"] = "ci", ["passwordEnv"] = "SLIPWAY_TT_PASSWORD" },
            };
            var registries = catalog["registries"]!.AsObject();
            registries["corp"] = Registry(first, "tt");
            registries["corp-promoted"] = Registry(first, "tt-promoted");
            registries["corp-b"] = Registry(second, "tt");
            var environments = catalog["environments"]!.AsObject();
            var hosts = environments[source]!["docker"]!;
            JsonObject Environment(string registry, string? from)
            {
                var environment = new JsonObject { ["registry"] = registry, ["mode"] = "docker", ["docker"] = hosts.DeepClone() };
                if (from is not null) environment["promoteFrom"] = from;
                return environment;
            }
            environments[source] = Environment("corp", null);
            environments[Env("same")] = Environment("corp", source);
            environments[Env("mount")] = Environment("corp-promoted", Env("same"));
            environments[Env("b")] = Environment("corp-b", Env("mount"));
            var serviceEnvironments = catalog["services"]![Service]!["environments"]!.AsObject();
            foreach (var name in new[] { Env("same"), Env("mount"), Env("b") })
                serviceEnvironments[name] = new JsonObject { ["conf"] = "local", ["port"] = FreePort.Next() };
        }, source, source);
        ChainContext Context(string environment) => new()
        {
            Catalog = chain.Catalog, Environment = environment, Log = chain.Log, Paths = chain.Paths, RecipeRoot = RepoRoot.Path,
            RegistryOptions = RegistryFixture.FastOptions, Credentials = new CredentialResolver(_ => Password),
        };

        using var build = Context(source);
        var run = await chain.BuildAndPushAsync(build);
        var image = new SourceImage(source, run.Digest!, run.Tag, run.Checkout!.Sha, "pushed by the test");
        var digest = run.Digest!.Value;
        Assert.Equal(digest, await Skopeo.DigestOverTlsAsync(first.Host, $"tt/{Service}", run.Tag!, certificates.CaFile, "ci", Password));

        using var same = Context(Env("same"));
        var tagOnly = await Promoter.PromoteImageAsync(build, same, Service, image, forced: false);
        Assert.Equal((0, 0), (tagOnly.Copy.BlobsMounted, tagOnly.Copy.BlobsCopied)); // only the environment tag's manifest PUT

        using var mount = Context(Env("mount"));
        var mounted = await Promoter.PromoteImageAsync(same, mount, Service, image, forced: false);
        Assert.True(mounted.Copy.BlobsMounted > 0, $"{mounted.Copy}");
        Assert.Equal(0, mounted.Copy.BlobsCopied);
        var mountScopes = $"repository:tt-promoted/{Service}:pull,push repository:tt/{Service}:pull";
        Assert.True(first.TokenRequests.Contains(mountScopes), $"no token request for {mountScopes}, only:\n{string.Join("\n", first.TokenRequests)}");

        using var across = Context(Env("b"));
        var copied = await Promoter.PromoteImageAsync(mount, across, Service, image, forced: false);
        Assert.Equal(0, copied.Copy.BlobsMounted);
        Assert.True(copied.Copy.BlobsCopied > 0, $"{copied.Copy}");

        foreach (var (registry, repo, tag) in new[]
                 {
                     (first, $"tt/{Service}", tagOnly.Tags.Environment), (first, $"tt-promoted/{Service}", mounted.Tags.Environment),
                     (second, $"tt/{Service}", copied.Tags.Environment),
                 })
            Assert.Equal(digest, await Skopeo.DigestOverTlsAsync(registry.Host, repo, tag, certificates.CaFile, "ci", Password));
        Assert.DoesNotContain(Password, chain.Log.Text);
    }
}
