using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Signing;

namespace Slipway.Tests.Releases;

public sealed partial class ReleaseTests
{
    [Fact]
    public async Task A_requireSignature_environment_refuses_wrong_rotated_out_expired_misdirected_tampered_and_dropped_signatures_deploying_nothing()
    {
        using var keys = new TempDir();
        using var team = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(keys.Combine("team.key"), team.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(keys.Combine("next.pub"), next.ExportSubjectPublicKeyInfoPem());
        await File.WriteAllTextAsync(keys.Combine("team.pub"), team.ExportSubjectPublicKeyInfoPem());
        const string env = "signed-c";
        const string repo = "promo-badsig/" + Service;
        var (withC, _) = f.CatalogWith(env, f.RegistryB.Url);
        var catalog = withC with
        {
            Registries = new(withC.Registries) { [env] = withC.Registries[env] with { Namespace = "promo-badsig" } },
            Signing = new SigningSpec { KeyFile = keys.Combine("team.key") },
            Environments = new(withC.Environments) { [env] = withC.Environments[env] with { Signing = new SigningSpec { RequireSignature = true } } },
        };
        var rotated = catalog with
        {
            Environments = new(catalog.Environments)
            {
                [env] = catalog.Environments[env] with { Signing = new SigningSpec { RequireSignature = true, TrustedKeys = [keys.Combine("next.pub")] } },
            },
        };
        var expired = catalog with
        {
            Environments = new(catalog.Environments)
            {
                [env] = catalog.Environments[env] with
                {
                    Signing = new SigningSpec { RequireSignature = true, TrustedKeys = [new TrustedKeySpec(keys.Combine("team.pub"), DateTimeOffset.Parse("2020-01-01T00:00:00Z"))] },
                },
            },
        };
        using var b = new RegistryClient(f.RegistryB.Url, insecure: true);
        var identity = $"{f.RegistryB.Host}/{repo}";
        var teamKey = $"sha256:{TrustedKeyFingerprint(team)}";

        async Task<Digest> Pushed(string into = repo)
        {
            var image = TestImage.Create(layerCount: 1, layerSize: 128);
            await image.PushAsync(b, into, "bad-" + Guid.NewGuid().ToString("N")[..8]);
            return Digest.Parse(image.Digest, "test");
        }
        async Task<string> Refused(Slipway.Catalog.Catalog c, Digest digest, string action = LedgerActions.Deploy)
        {
            using var ctx = f.Context(c, env);
            var image = new SourceImage(env, digest, null, null, "pushed by the test");
            var refused = await Assert.ThrowsAsync<SlipwayException>(() => Rollout.RunAsync(ctx, Promoter.DeployInputFor(ctx, Service, image), action));
            Assert.True(refused.Message.Contains("requires a signed image"), refused.Message);
            Assert.Contains("Nothing was deployed", refused.Message);
            return refused.Message;
        }

        // Signed by a key nobody trusts: the error names that key and the trusted one.
        var byStranger = await Pushed();
        await ImageSigner.SignAsync(b, repo, identity, byStranger, stranger, DateTimeOffset.UtcNow, default);
        var wrongKey = await Refused(catalog, byStranger);
        Assert.Contains($"signed by key sha256:{TrustedKeyFingerprint(stranger)}, none of the trusted keys", wrongKey);
        Assert.Contains(teamKey, wrongKey);

        // The team key rotated out (only next.pub trusted): refused naming the old key and the file trusted now.
        var byTeam = await Pushed();
        await ImageSigner.SignAsync(b, repo, identity, byTeam, team, DateTimeOffset.UtcNow, default);
        var rotatedOut = await Refused(rotated, byTeam);
        Assert.Contains($"signed by key {teamKey}, none of the trusted keys", rotatedOut);
        Assert.Contains(keys.Combine("next.pub"), rotatedOut);

        // The team key past its notAfter: refused naming the key file and when its trust ended.
        Assert.Contains($"signed by {keys.Combine("team.pub")} ({teamKey}), whose trust ended 2020-01-01 00:00:00Z", await Refused(expired, byTeam));

        // A valid signature moved under another digest's .sig tag.
        var misdirected = await Pushed();
        var signature = await b.GetManifestAsync(repo, CosignTags.Signature(byTeam));
        await b.PutManifestAsync(repo, CosignTags.Signature(misdirected), signature.Bytes, MediaTypes.OciManifest);
        Assert.Contains($"signs another digest ({byTeam})", await Refused(catalog, misdirected));

        // The SBOM changed after it was signed: the attestation is named.
        await ImageAttester.AttestAsync(b, repo, identity, byTeam, CycloneDxSbom.PredicateType, new JsonObject { ["components"] = new JsonArray() }, team, default);
        var attestation = Assert.Single((await AttachmentManifest.ReadAsync(b, repo, CosignTags.Attestation(byTeam), default))!);
        var envelope = JsonNode.Parse(attestation.Content)!;
        var statement = JsonNode.Parse(Convert.FromBase64String(envelope["payload"]!.GetValue<string>()))!;
        statement["predicate"]!["components"]!.AsArray().Add(new JsonObject { ["name"] = "smuggled" });
        envelope["payload"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(statement.ToJsonString()));
        await AttachmentManifest.WriteAsync(b, repo, CosignTags.Attestation(byTeam),
            [attestation with { Content = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()) }], default);
        var tampered = await Refused(catalog, byTeam);
        Assert.Contains($"attestation 1 ({CycloneDxSbom.PredicateType}) under {identity}:{CosignTags.Attestation(byTeam)} is signed by none of the trusted keys", tampered);
        Assert.Contains("changed after signing", tampered);

        // Copied by hand with skopeo from a repository where it is signed: the signature stayed behind.
        var elsewhere = "promo-badsig/elsewhere";
        var copied = await Pushed(elsewhere);
        await ImageSigner.SignAsync(b, elsewhere, identity, copied, team, DateTimeOffset.UtcNow, default);
        await Skopeo.CopyAsync($"{f.RegistryB.Host}/{elsewhere}@{copied}", $"{f.RegistryB.Host}/{repo}:copied-by-hand");
        Assert.Contains($"has no signature: tag {CosignTags.Signature(copied)} is missing in {f.RegistryB.Host}/{repo}", await Refused(catalog, copied));

        // Rollback to an unsigned digest is refused as a deploy is.
        Assert.StartsWith($"{LedgerActions.Rollback} of {Service} to '{env}' refused", await Refused(catalog, copied, LedgerActions.Rollback));

        var containers = await f.Chain.Docker.Containers.ListContainersAsync(new() { All = true });
        Assert.DoesNotContain(containers, c => c.Names.Any(n => n.Contains(env)));
    }
}
