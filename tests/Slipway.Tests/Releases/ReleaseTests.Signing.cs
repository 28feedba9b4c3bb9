using System.Security.Cryptography;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Signing;

namespace Slipway.Tests.Releases;

public sealed partial class ReleaseTests
{
    [Fact]
    public async Task A_pushed_image_is_signed_its_signature_travels_to_another_registry_and_unsigned_digests_are_refused()
    {
        using var keys = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(keys.Combine("team.key"), key.ExportPkcs8PrivateKeyPem());
        var (withB, _) = f.CatalogWith("signed-b", f.RegistryB.Url);
        // Its own namespace in registry B, apart from the other promotions' (which count the blobs they find there).
        const string repoB = "promo-signed/" + Service;
        var catalog = withB with
        {
            Registries = new(withB.Registries) { ["signed-b"] = withB.Registries["signed-b"] with { Namespace = "promo-signed" } },
            Signing = new SigningSpec { KeyFile = keys.Combine("team.key") },
            Environments = new(withB.Environments) { ["signed-b"] = withB.Environments["signed-b"] with { Signing = new SigningSpec { RequireSignature = true } } },
        };
        using var source = f.Context(catalog, ReleaseFixture.Source);
        using var target = f.Context(catalog, "signed-b");
        var pem = key.ExportSubjectPublicKeyInfoPem();

        // Push signs and attests what it pushed; a rerun (the image reused) adds nothing.
        var run = f.BuiltRun(catalog, ReleaseFixture.Source, tag: "main-20990101-000017");
        run.ExplodedDirectory = f.Built.ExplodedDirectory;
        await PushStep.RunAsync(source, run);
        run.ReuseReason = "pushed just now";
        await PushStep.RunAsync(source, run);
        Assert.Equal(f.Built.Digest, run.Digest);
        Assert.Null(await CosignCheck.WhyNotSignedAsync(f.Chain.RegistryUrl[7..], RepoA, f.Built.Digest!.Value, pem));
        using var a = new RegistryClient(f.Chain.RegistryUrl, insecure: true);
        Assert.Single((await AttachmentManifest.ReadAsync(a, RepoA, CosignTags.Signature(f.Built.Digest!), default))!);
        Assert.Equal(2, (await AttachmentManifest.ReadAsync(a, RepoA, CosignTags.Attestation(f.Built.Digest!), default))!.Count);

        // Inspect shows what runs in the source environment and what vouches for it.
        var report = await ImageInspection.ReportAsync(source, Service);
        Assert.Contains($"{f.Built.Digest}", report);
        Assert.Matches($@"sha256:{TrustedKeyFingerprint(key)}\) \(trusted\) at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ", report);
        Assert.Contains("/greeting-lib@", report);
        Assert.Contains(f.Built.Checkout!.Sha, report);

        await Promoter.PromoteImageAsync(source, target, Service, f.Image, forced: false);

        // In registry B: the original signature (for registry A's repository) kept, one for B's repository added.
        Assert.Null(await CosignCheck.WhyNotSignedAsync(f.RegistryB.Host, repoB, f.Built.Digest!.Value, pem));
        using var b = new RegistryClient(f.RegistryB.Url, insecure: true);
        var layers = await AttachmentManifest.ReadAsync(b, repoB, CosignTags.Signature(f.Built.Digest!), default);
        Assert.Equal([$"{f.Chain.RegistryUrl[7..]}/{RepoA}", $"{f.RegistryB.Host}/{repoB}"],
            layers!.Select(l => SimpleSigningPayload.Parse(l.Content, "test").Identity));

        // The SBOM and the provenance came along, still verifiable with the same key.
        var attested = await ImageAttester.ReadVerifiedAsync(b, repoB, f.Built.Digest!, [new TrustedKey("team", key)], default);
        var jars = attested[CycloneDxSbom.PredicateType]["components"]!.AsArray().Where(c => c!["type"]!.GetValue<string>() == "library").ToList();
        Assert.Contains(jars, j => j!["purl"]?.GetValue<string>().Contains("/greeting-lib@") == true);
        Assert.Equal((ReleaseFixture.Source, "signed-b"), (attested[PromotionSigning.PromotionPredicateType]["from"]!.GetValue<string>(),
            attested[PromotionSigning.PromotionPredicateType]["to"]!.GetValue<string>()));
        Assert.Equal(f.Built.Checkout!.Sha,
            attested[SlsaProvenance.PredicateType]["buildDefinition"]!["externalParameters"]!["source"]!["commit"]!.GetValue<string>());

        // An unsigned digest: Deploy refuses it naming the key tried, and runs nothing; Promote refuses it before copying.
        var unsigned = TestImage.Create(layerCount: 1, layerSize: 128);
        await unsigned.PushAsync(b, repoB, "unsigned-" + Guid.NewGuid().ToString("N")[..8]);
        var image = new SourceImage(ReleaseFixture.Source, Digest.Parse(unsigned.Digest, "test"), null, null, "pushed by the test");
        var refused = await Assert.ThrowsAsync<SlipwayException>(() =>
            Rollout.RunAsync(target, Promoter.DeployInputFor(target, Service, image), LedgerActions.Deploy));
        Assert.Contains("requires a signed image", refused.Message);
        Assert.Contains("has no signature", refused.Message);
        Assert.Contains($"sha256:{TrustedKeyFingerprint(key)}", refused.Message);
        Assert.Contains("Nothing was deployed", refused.Message);
        var containers = await f.Chain.Docker.Containers.ListContainersAsync(new() { All = true });
        Assert.DoesNotContain(containers, c => c.Names.Contains($"/{Service}.signed-b"));

        await unsigned.PushAsync(a, RepoA, "unsigned-" + Guid.NewGuid().ToString("N")[..8]);
        var notPromoted = await Assert.ThrowsAsync<SlipwayException>(() => Promoter.PromoteImageAsync(source, target, Service, image, forced: false));
        Assert.Contains("Nothing was promoted", notPromoted.Message);
    }

    private static string TrustedKeyFingerprint(ECDsa key) => new TrustedKey("k", key).Fingerprint;
}
