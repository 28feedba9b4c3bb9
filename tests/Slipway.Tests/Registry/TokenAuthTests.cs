using Slipway.Registry;

namespace Slipway.Tests.Registry;

/// <summary>
/// The real docker-registry with <c>auth: token</c> and a token service granting exactly the access asked for (less what
/// its policy refuses), as Harbor, GHCR and Docker Hub do it: every request answers its challenge with minimal scopes.
/// </summary>
public class TokenAuthTests
{
    private const string Password = "tok-Very-Secret-42";

    private static RegistryClient Client(TokenAuthRegistry registry, string user) =>
        new(registry.Url, new RegistryCredentials(user, Password), insecure: true, options: RegistryFixture.FastOptions);

    private static async Task<(string Repo, TestImage Image)> PushedAsync(TokenAuthRegistry registry, string name)
    {
        using var pusher = Client(registry, "ci");
        var repo = RegistryFixture.Repo(name);
        var image = TestImage.Create(layerCount: 2);
        await image.PushAsync(pusher, repo, "v1");
        return (repo, image);
    }

    [Fact]
    public async Task A_promotion_mounts_with_one_token_for_both_repositories_then_gets_a_push_token_for_the_manifest_put()
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        var (from, image) = await PushedAsync(registry, "token-from");
        var to = RegistryFixture.Repo("token-to");
        using var promoter = Client(registry, "ci"); // fresh: no token cached yet

        var copy = await new ImageCopier().CopyAsync(promoter, from, "v1", promoter, to, "v1");

        Assert.Equal((image.Digest, 3, 0), (copy.Digest, copy.BlobsMounted, copy.BlobsCopied));
        Assert.Contains($"repository:{to}:pull,push repository:{from}:pull", registry.TokenRequests);
        Assert.Contains($"repository:{to}:pull,push", registry.TokenRequests); // the manifest PUT's own challenge
        Assert.Equal(image.Digest, await promoter.HeadManifestAsync(to, "v1"));
    }

    [Fact]
    public async Task A_tag_only_promotion_answers_the_manifest_puts_challenge()
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        var (repo, image) = await PushedAsync(registry, "token-tag");
        using var promoter = Client(registry, "ci");

        var copy = await new ImageCopier().CopyAsync(promoter, repo, "v1", promoter, repo, "staging-v1");

        Assert.Equal((image.Digest, 3, 1), (copy.Digest, copy.BlobsSkipped, copy.ManifestsPut));
        Assert.Equal(image.Digest, await promoter.HeadManifestAsync(repo, "staging-v1"));
    }

    [Fact]
    public async Task Without_pull_on_the_source_repository_a_mount_becomes_an_upload_and_the_counters_say_so()
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        var (from, image) = await PushedAsync(registry, "token-private");
        var to = RegistryFixture.Repo("token-public");
        registry.Grants = (user, repo, action) => !(user == "publisher" && repo == from);
        using var reader = Client(registry, "ci");
        using var publisher = Client(registry, "publisher");

        var copy = await new ImageCopier().CopyAsync(reader, from, "v1", publisher, to, "v1");

        Assert.Equal((0, 3), (copy.BlobsMounted, copy.BlobsCopied));
        Assert.Equal(image.LayerBytes + image.Config.Length, copy.BytesCopied);
        Assert.True(publisher.Transfer.BytesSent >= copy.BytesCopied, publisher.Transfer.ToString());
        Assert.Equal(image.Digest, await publisher.HeadManifestAsync(to, "v1"));
    }

    [Fact]
    public async Task Tags_are_listed_with_pull_alone()
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        var (repo, _) = await PushedAsync(registry, "token-tags");
        registry.Grants = (user, _, action) => user != "viewer" || action == "pull";
        using var viewer = Client(registry, "viewer");

        Assert.Equal(["v1"], await viewer.ListTagsAsync(repo));
        Assert.Contains($"repository:{repo}:pull", registry.TokenRequests);
    }

    [Fact]
    public async Task A_token_without_push_is_reported_as_the_refused_scope_not_as_wrong_credentials()
    {
        await using var registry = await TokenAuthRegistry.StartAsync();
        registry.Grants = (_, _, action) => action == "pull";
        using var viewer = Client(registry, "viewer");
        var repo = RegistryFixture.Repo("token-readonly");
        var image = TestImage.Create(layerCount: 1);

        var ex = await Assert.ThrowsAsync<RegistryException>(() => viewer.PutManifestAsync(repo, "v1", image.Manifest, TestImage.MediaType));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains($"the token lacks the scope repository:{repo}:", ex.Message);
        Assert.Contains("push", ex.Message);
        Assert.DoesNotContain("did not accept the credentials", ex.Message);
        Assert.DoesNotContain(Password, ex.Message);
    }
}
