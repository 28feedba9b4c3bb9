using Slipway.Diagnostics;
using Slipway.Pipeline;

namespace Slipway.Tests.Versioning;

/// <summary>A new build's tag against a real registry: plain while free, with the short commit once another build holds it.</summary>
[Collection("registry")]
public class BuildTagTests(RegistryFixture registries)
{
    private static readonly DateTimeOffset Built = new(2099, 1, 1, 0, 5, 0, TimeSpan.Zero);
    private const string Sha = "3f9c0e1d2b4a69788f0e1d2c3b4a596877665544";

    [Fact]
    public async Task A_free_plain_tag_is_used_as_it_is()
    {
        using var client = registries.ClientA();
        var tag = await BuildTag.ChooseAsync(client, RegistryFixture.Repo("tag-free"), "main", Sha, Built, TimeZoneInfo.Utc, new MemoryBuildLog());
        Assert.Equal("main-20990101-000500", tag);
    }

    [Fact]
    public async Task A_plain_tag_the_registry_already_holds_gets_the_short_commit()
    {
        using var client = registries.ClientA();
        var repo = RegistryFixture.Repo("tag-taken");
        var other = TestImage.Create(layerCount: 1);
        await other.PushAsync(client, repo, "main-20990101-000500");
        var log = new MemoryBuildLog();

        var tag = await BuildTag.ChooseAsync(client, repo, "main", Sha, Built, TimeZoneInfo.Utc, log);

        Assert.Equal("main-20990101-000500-3f9c0e1", tag);
        Assert.Contains($"{repo}:main-20990101-000500 already points at {other.Digest}", log.Text);
        Assert.Contains("this build is tagged main-20990101-000500-3f9c0e1", log.Text);
    }

    [Fact]
    public async Task A_branch_that_sanitization_changes_carries_the_commit_from_the_start()
    {
        using var client = registries.ClientA();
        var tag = await BuildTag.ChooseAsync(client, RegistryFixture.Repo("tag-changed"), "rel/a", Sha, Built, TimeZoneInfo.Utc, new MemoryBuildLog());
        Assert.Equal("rel-a-20990101-000500-3f9c0e1", tag);
    }
}
