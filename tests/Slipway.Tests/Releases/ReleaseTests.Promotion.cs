using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

/// <summary>Promotion, SSH delivery and push against real registries, sshd and engines, on the sample image built once by <see cref="ReleaseFixture"/>.</summary>
[Collection(DockerCollection.Name)]
public sealed partial class ReleaseTests(ReleaseFixture f) : IClassFixture<ReleaseFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private const string Service = LocalChain.Service;
    private string RepoA => $"{ReleaseFixture.Source}/{Service}";

    [Fact]
    public async Task Within_one_registry_and_repository_promotion_only_tags_moves_no_layer_bytes_and_keeps_the_digest()
    {
        using var source = f.Context(ReleaseFixture.Source);
        using var target = f.Context("promo-same");
        var registry = target.Registry("test");
        registry.Transfer.Reset();

        var hop = await Promoter.PromoteImageAsync(source, target, Service, f.Image, forced: false);

        Assert.Equal(f.Built.Digest, hop.Digest);
        Assert.Equal((0, 0), (hop.Copy.BlobsCopied, hop.Copy.BlobsMounted));
        Assert.Equal(0, hop.Copy.BytesCopied);
        var manifestSize = (await registry.GetManifestAsync(RepoA, f.Built.Digest!.Value)).Bytes.Length;
        // Only the manifest bytes travel (one PUT per new tag): no layer is uploaded.
        Assert.True(registry.Transfer.BytesSent <= 2 * manifestSize, $"sent {registry.Transfer.BytesSent} B, manifest is {manifestSize} B");
        Assert.Equal($"promo-same-{f.Built.Tag}", hop.Tags.Environment);
        Assert.Equal(f.Built.Digest!.Value, await Skopeo.DigestAsync(f.Chain.RegistryUrl[7..], RepoA, hop.Tags.Environment));
        var ledger = await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(Service, "promo-same");
        Assert.Contains(ledger, e => e.Action == LedgerActions.Promote && e.IsSuccess && e.Digest == f.Built.Digest!.Value && e.From == ReleaseFixture.Source);
    }

    [Fact]
    public async Task Across_registries_only_missing_blobs_are_copied_the_digest_is_kept_and_the_service_answers()
    {
        // Seed registry B with the largest layer, as if an earlier image had brought it: promotion must skip it.
        using var a = new RegistryClient(f.Chain.RegistryUrl, insecure: true);
        using var b = new RegistryClient(f.RegistryB.Url, insecure: true);
        var blobs = ManifestModel.Parse(await a.GetManifestAsync(RepoA, f.Built.Digest!.Value)).Blobs.ToList();
        var seeded = blobs.MaxBy(blob => blob.Size)!;
        await b.UploadBlobAsync(RepoA, seeded.Digest, ct => a.OpenBlobAsync(RepoA, seeded.Digest, ct), seeded.Size);
        var total = blobs.Sum(blob => blob.Size);

        using var template = f.Context(ReleaseFixture.Source);
        var hops = await Promoter.RunAsync(template, new PromotionRequest(Service, ReleaseFixture.Source, ["promo-b"]));

        var hop = Assert.Single(hops);
        Assert.Equal(f.Built.Digest, hop.Digest);
        Assert.Equal(1, hop.Copy.BlobsSkipped);
        Assert.Equal(blobs.Count - 1, hop.Copy.BlobsCopied);
        Assert.Equal(total - seeded.Size, hop.Copy.BytesCopied);
        Assert.Equal(f.Built.Digest!.Value, await Skopeo.DigestAsync(f.RegistryB.Host, RepoA, f.Built.Tag!));
        Assert.Equal(f.Built.Digest!.Value, await Skopeo.DigestAsync(f.RegistryB.Host, RepoA, $"promo-b-{f.Built.Tag}"));
        Assert.Equal(f.Built.Digest!.Value, await Skopeo.DigestAsync(f.Chain.RegistryUrl[7..], RepoA, f.Built.Tag!));

        var health = await Http.GetAsync($"http://127.0.0.1:{f.Ports["promo-b"]}/health");
        Assert.Equal(200, (int)health.StatusCode);
        var containers = await f.Chain.Docker.Containers.ListContainersAsync(new ContainersListParameters());
        var deployed = Assert.Single(containers, c => c.Names.Contains($"/{Service}.promo-b"));
        Assert.Equal(f.Built.Digest!.Value, deployed.Labels["slipway.io/digest"]);
        Assert.Equal($"{f.RegistryB.Host}/{RepoA}@{f.Built.Digest}", deployed.Image);
        var ledger = await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(Service, "promo-b");
        Assert.Equal([LedgerActions.Promote, LedgerActions.Deploy], ledger.Select(e => e.Action));
        Assert.All(ledger, e => Assert.Equal((LedgerEntry.Succeeded, f.Built.Digest!.Value, f.Built.Tag), (e.Result, e.Digest, e.Tag)));
    }

    [Fact]
    public async Task Promoting_out_of_order_is_refused_naming_the_expected_predecessor_and_touches_nothing()
    {
        using var template = f.Context(ReleaseFixture.Source);
        var ex = await Assert.ThrowsAsync<SlipwayException>(() =>
            Promoter.RunAsync(template, new PromotionRequest(Service, ReleaseFixture.Source, ["promo-mount"])));
        Assert.Contains("'promo-mount' receives images only from its predecessor 'promo-same'", ex.Message);
        Assert.Contains("--from promo-same", ex.Message);
        Assert.Contains("--force", ex.Message);
        using var a = new RegistryClient(f.Chain.RegistryUrl, insecure: true);
        Assert.Null(await a.HeadManifestAsync($"promo-promoted/{Service}", $"promo-mount-{f.Built.Tag}"));
    }

    [Fact]
    public async Task Dry_run_plans_every_registry_call_and_the_deploy_and_changes_nothing()
    {
        using var template = f.Context(ReleaseFixture.Source, dryRun: true);
        var before = f.Chain.Log.Lines.Count;
        var hops = await Promoter.RunAsync(template, new PromotionRequest(Service, ReleaseFixture.Source, ["promo-same", "promo-dry"]));
        var log = string.Join('\n', f.Chain.Log.Lines.Skip(before));

        Assert.Equal(2, hops.Count);
        var host = f.Chain.RegistryUrl[7..];
        using var a = new RegistryClient(f.Chain.RegistryUrl, insecure: true);
        var blobs = ManifestModel.Parse(await a.GetManifestAsync(RepoA, f.Built.Digest!.Value)).Blobs.ToList();
        foreach (var blob in blobs)
            Assert.Contains($"POST {host}/v2/promo-dry/{Service}/blobs/uploads/?mount={blob.Digest}&from={RepoA}", log);
        Assert.Contains($"PUT {host}/v2/promo-dry/{Service}/manifests/promo-dry-{f.Built.Tag}", log);
        Assert.Contains("host 'localhost' (unix:///var/run/docker.sock)", log);
        Assert.Contains($"{host}/promo-dry/{Service}@{f.Built.Digest}", log);
        Assert.Null(await a.HeadManifestAsync($"promo-dry/{Service}", f.Built.Tag!));
        Assert.False(await a.BlobExistsAsync($"promo-dry/{Service}", blobs[0].Digest));
        Assert.Empty(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(Service, "promo-dry"));
    }

    [Fact]
    public async Task Forced_out_of_order_promotion_mounts_within_the_registry_and_is_recorded_as_forced()
    {
        using var source = f.Context(ReleaseFixture.Source);
        using var target = f.Context("promo-mount");
        // The policy step as the Promote target runs it, then the registry part (the deploy is covered above).
        Assert.True(PromotionPolicy.Enforce(f.Chain.Catalog, ReleaseFixture.Source, "promo-mount", force: true, f.Chain.Log));
        var hop = await Promoter.PromoteImageAsync(source, target, Service, f.Image, forced: true);

        var blobs = ManifestModel.Parse(await target.Registry("test-promoted").GetManifestAsync($"promo-promoted/{Service}", hop.Digest!.Value)).Blobs.ToList();
        Assert.Equal(f.Built.Digest, hop.Digest);
        Assert.Equal(blobs.Count, hop.Copy.BlobsMounted);
        Assert.Equal(0, hop.Copy.BytesCopied);
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(Service, "promo-mount"));
        Assert.True(entry.Forced);
        Assert.Equal(LedgerActions.Promote, entry.Action);
    }

    [Fact]
    public async Task A_target_tag_that_points_at_another_image_is_never_moved()
    {
        var (catalog, _) = f.CatalogWith("promo-taken", f.Chain.RegistryUrl);
        using var source = f.Context(ReleaseFixture.Source);
        using var target = f.Context(catalog, "promo-taken");
        var squatter = TestImage.Create(layerCount: 1);
        var registry = target.Registry("promo-taken");
        await squatter.PushAsync(registry, RepoA, $"promo-taken-{f.Built.Tag}");

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => Promoter.PromoteImageAsync(source, target, Service, f.Image, forced: false));

        Assert.Contains("already points at " + squatter.Digest, ex.Message);
        Assert.Contains("tags never move", ex.Message);
        Assert.Equal(squatter.Digest, await registry.HeadManifestAsync(RepoA, $"promo-taken-{f.Built.Tag}"));
        var entry = Assert.Single(await new FileLedger(f.Chain.Paths.Ledger).HistoryAsync(Service, "promo-taken"));
        Assert.Equal((LedgerActions.Promote, LedgerEntry.Failed), (entry.Action, entry.Result));
    }
}
