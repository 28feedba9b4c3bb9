
namespace Slipway.Tests.Releases;

/// <summary>The Promote target through the real build host, on the shipped catalog; dry runs only (no registry is reachable there).</summary>
public sealed class PromoteCliTests
{
    private static readonly Dictionary<string, string?> HubCredentials = new()
    {
        ["SLIPWAY_HUB_USERNAME"] = "reviewer", ["SLIPWAY_HUB_PASSWORD"] = "not-a-real-secret",
        ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock",
    };

    [Fact]
    public async Task Promoting_out_of_order_is_refused_naming_the_expected_predecessor()
    {
        using var temp = new TempDir();
        var result = await BuildCli.RunAsync(HubCredentials, "Promote", "--service", "nce-api", "--from", "develop", "--to", "pubtest",
            "--dry-run", "--state-directory", temp.Combine("state"));
        var output = result.Output();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'pubtest' receives images only from its predecessor 'test'", output);
        Assert.Contains("--from test --to pubtest", output);
    }

    [Fact]
    public async Task A_dry_run_through_two_regions_prints_the_registry_calls_and_deploys_in_order_and_touches_nothing()
    {
        using var temp = new TempDir();
        var state = temp.Combine("state");
        var result = await BuildCli.RunAsync(HubCredentials, "Promote", "--service", "nce-api", "--from", "pubtest",
            "--to", "online-region1,online-region2", "--dry-run", "--state-directory", state);
        var output = result.Output();
        Assert.True(result.ExitCode == 0, output);
        var region1 = output.IndexOf("PUT hub.c.163.com/v2/ncerepo/nce-api/manifests/online-region1-", StringComparison.Ordinal);
        var deploy1 = output.IndexOf("context online-region1", StringComparison.Ordinal);
        var region2 = output.IndexOf("PUT hub.c.163.com/v2/ncerepo/nce-api/manifests/online-region2-", StringComparison.Ordinal);
        Assert.True(region1 >= 0 && deploy1 > region1 && region2 > deploy1, output);
        Assert.Contains("would record in the release ledger git@git.internal:platform/release-ledger.git", output);
        Assert.DoesNotContain("not-a-real-secret", output);
        Assert.False(Directory.Exists(state), "a dry run must not create its state folder");
    }

    [Fact]
    public async Task The_shipped_wave_plan_online_promotes_into_the_three_regions_in_order()
    {
        using var temp = new TempDir();
        var result = await BuildCli.RunAsync(HubCredentials, "Promote", "--service", "nce-api", "--from", "pubtest",
            "--to", "online", "--dry-run", "--state-directory", temp.Combine("state"));
        var output = result.Output();
        Assert.True(result.ExitCode == 0, output);
        var regions = new[] { 1, 2, 3 }.Select(n => output.IndexOf($"PUT hub.c.163.com/v2/ncerepo/nce-api/manifests/online-region{n}-", StringComparison.Ordinal)).ToList();
        Assert.True(regions[0] >= 0 && regions[1] > regions[0] && regions[2] > regions[1], output);
    }
}
