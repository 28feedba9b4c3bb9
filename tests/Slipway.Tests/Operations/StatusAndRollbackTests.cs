using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Status;

namespace Slipway.Tests.Operations;

/// <summary>Status and Rollback against real deploys: two docker-mode stages on the local engine, a real registry and ledger.</summary>
[Collection(DockerCollection.Name)]
public sealed class StatusAndRollbackTests
{
    private const string First = "ops";
    private const string Next = "ops-next";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Status_shows_each_stage_flags_a_skipped_stage_and_rollback_brings_the_previous_version_back()
    {
        var nextPort = FreePort.Next();
        await using var chain = await LocalChain.StartTwoStagesAsync(First, Next, nextPort);

        // v1 runs in both stages: deployed to the first, promoted from it to the second.
        var v1 = await chain.DeployAsync();
        using var next = ContextFor(chain, Next);
        using (var template = chain.Context())
            await Promoter.RunAsync(template, new PromotionRequest(LocalChain.Service, First, [Next]));
        Assert.Contains("hello from local", await Http.GetStringAsync($"http://127.0.0.1:{nextPort}/"));

        // v2 goes straight to the second stage, skipping the first: drift.
        await chain.Source.CommitAsync("Say hello from v2",
            ("greeting-web/src/main/resources/local/app.properties", "greeting.message=hello from v2\n"));
        using var build = chain.Context();
        var v2 = await chain.BuildAndPushAsync(build);
        Assert.NotEqual(v1.Digest, v2.Digest);
        await DeployStep.RunAsync(next, RunIn(chain, Next, v2.Digest!.Value, v2.Tag!));
        Assert.Contains("hello from v2", await Http.GetStringAsync($"http://127.0.0.1:{nextPort}/"));

        var matrix = await StatusCollector.CollectAsync(next, [First, Next], TimeSpan.FromSeconds(5));
        var first = matrix.Cell(LocalChain.Service, First)!;
        var second = matrix.Cell(LocalChain.Service, Next)!;
        Assert.Equal((v1.Tag, v1.Digest!.Value, v1.Digest!.Value), (first.Tag, first.Digest, first.LiveDigest));
        Assert.Empty(first.Drift);
        Assert.Equal((v2.Tag, v2.Digest!.Value), (second.Tag, second.LiveDigest));
        Assert.Equal([DriftKind.NotFromPredecessor], second.Drift);
        Assert.Contains($"but {First} never had it", second.DriftNotes.Single());
        Assert.NotNull(second.DeployedBy);
        var text = StatusTextRenderer.Render(matrix);
        Assert.Contains(v1.Tag!, text);
        Assert.Contains("DRIFT", text);

        using var dir = new TempDir();
        var page = dir.Combine("status.html");
        await File.WriteAllTextAsync(page, StatusHtmlRenderer.Render(matrix));
        var dom = await HeadlessChromium.DumpDomAsync(page);
        Assert.Contains(v2.Tag!, dom);
        Assert.Contains(Digests.Short(v1.Digest!.Value), dom);
        Assert.Contains("<td class=\"drift\"", dom);

        // Rollback: the previous digest the ledger shows in the second stage, answering with the old message again.
        await Rollback.RunAsync(next, LocalChain.Service, to: null);
        Assert.Contains("hello from local", await Http.GetStringAsync($"http://127.0.0.1:{nextPort}/"));
        var last = (await ReleaseLedgers.For(next, Next).HistoryAsync(LocalChain.Service, Next)).Last();
        Assert.Equal((LedgerActions.Rollback, LedgerEntry.Succeeded, v1.Digest!.Value), (last.Action, last.Result, last.Digest));

        var after = await StatusCollector.CollectAsync(next, [First, Next], TimeSpan.FromSeconds(5));
        Assert.Empty(after.Cell(LocalChain.Service, Next)!.Drift);
    }

    [Fact]
    public async Task Rollback_to_a_tag_the_ledger_never_saw_is_refused_listing_the_known_ones()
    {
        await using var chain = await LocalChain.StartAsync(environment: "ops-bad", @namespace: "ops-bad");
        var v1 = await chain.DeployAsync();
        using var ctx = chain.Context();
        var error = await Assert.ThrowsAsync<Slipway.Diagnostics.SlipwayException>(() =>
            Rollback.RunAsync(ctx, LocalChain.Service, to: "main-19990101-000000"));
        Assert.Contains("--to main-19990101-000000", error.Message);
        Assert.Contains(v1.Tag!, error.Message);
    }

    private static ChainContext ContextFor(LocalChain chain, string environment) => new()
    {
        Catalog = chain.Catalog, Environment = environment, Log = chain.Log, Paths = chain.Paths, RecipeRoot = RepoRoot.Path,
    };

    private static ServiceRun RunIn(LocalChain chain, string environment, string? digest, string? tag) =>
        new(LocalChain.Service, chain.Catalog.Resolve(LocalChain.Service, environment)) { Digest = digest is null ? null : Digest.Parse(digest, "test"), Tag = tag };
}
