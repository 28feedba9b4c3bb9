using System.Text.Json;

namespace Slipway.Tests.EndToEnd;

/// <summary>The whole local chain, real: git, Maven, WAR, engine build, registry push, container deploy.</summary>
[Collection(DockerCollection.Name)]
public sealed class LocalChainTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task The_chain_deploys_the_sample_and_a_second_run_rebuilds_and_restarts_nothing()
    {
        await using var chain = await LocalChain.StartAsync();

        var first = await chain.DeployAsync();
        Assert.False(first.Reused);
        Assert.StartsWith("sha256:", first.Digest!.Value);
        Assert.Matches(@"^main-\d{8}-\d{6}$", first.Tag!);

        var health = await Http.GetAsync($"http://127.0.0.1:{chain.Port}/health");
        Assert.Equal(200, (int)health.StatusCode);
        using var info = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{chain.Port}/"));
        Assert.Contains("local", info.RootElement.GetRawText());
        Assert.Contains(chain.Port.ToString(), info.RootElement.GetRawText());

        var container = await chain.ContainerAsync();
        Assert.NotNull(container);
        Assert.Equal(first.Digest!.Value, container!.Labels["slipway.io/digest"]);
        Assert.Equal(first.Tag, container.Labels["slipway.io/tag"]);

        var linesBefore = chain.Log.Lines.Count;
        var second = await chain.DeployAsync();
        var secondLog = string.Join('\n', chain.Log.Lines.Skip(linesBefore));
        Assert.True(second.Reused);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.Tag, second.Tag);
        Assert.Contains("build once: the registry already has", secondLog);
        Assert.DoesNotContain("mvn ", secondLog);
        Assert.Contains("nothing to do", secondLog);
        var after = await chain.ContainerAsync();
        Assert.Equal(container.ID, after!.ID);
    }
}
