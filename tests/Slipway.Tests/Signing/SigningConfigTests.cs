using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Slipway.Deploy;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Signing;

namespace Slipway.Tests.Signing;

/// <summary>Where the signing key comes from, and bad key input.</summary>
public sealed class SigningConfigTests
{
    private static SigningConfig Config(TempDir dir, SigningSpec spec) => SigningConfig.For(
        new Slipway.Catalog.Catalog { BaseDirectory = dir.Path, Signing = spec, Environments = new() { ["local"] = new EnvironmentSpec() } },
        "local", dir.Combine("state"))!;

    [Fact]
    public void Without_a_team_key_a_local_pair_is_generated_once_private_key_mode_600_and_it_is_the_trusted_key()
    {
        using var dir = new TempDir();
        var log = new MemoryBuildLog();
        var config = Config(dir, new SigningSpec());

        using var key = config.LoadPrivateKey(log);
        using var again = config.LoadPrivateKey(log);

        var path = LocalSigningKey.PrivatePath(dir.Combine("state"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(log.Lines, l => l.Contains($"generated this machine's image signing key pair: {path}"));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), again.ExportSubjectPublicKeyInfo());
        Assert.Equal(TrustedKeyFingerprint(key), Assert.Single(config.TrustedKeys(log, DateTimeOffset.UtcNow)).Fingerprint);
    }

    [Fact]
    public void A_missing_key_variable_a_missing_key_file_and_a_public_key_given_as_the_private_one_are_refused_by_name()
    {
        using var dir = new TempDir();
        var log = new MemoryBuildLog();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(dir.Combine("team.pub"), key.ExportSubjectPublicKeyInfoPem());

        var unset = Assert.Throws<SlipwayException>(() => Config(dir, new SigningSpec { KeyEnv = "SLIPWAY_TEST_UNSET_KEY" }).LoadPrivateKey(log));
        Assert.Contains("SLIPWAY_TEST_UNSET_KEY", unset.Message);
        Assert.Contains("is not set", unset.Message);
        var missing = Assert.Throws<SlipwayException>(() => Config(dir, new SigningSpec { KeyFile = "nope.key" }).LoadPrivateKey(log));
        Assert.Contains($"'{dir.Combine("nope.key")}': does not exist", missing.Message);
        var publicOnly = Assert.Throws<SlipwayException>(() => Config(dir, new SigningSpec { KeyFile = "team.pub" }).LoadPrivateKey(log));
        Assert.Contains("is a public key", publicOnly.Message);
        Assert.DoesNotContain("BEGIN", publicOnly.Message);
    }

    [Fact]
    public void A_trusted_key_written_with_notAfter_is_expired_from_that_instant_and_a_bad_instant_is_refused_at_load()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "old.pub", "new.pub" })
            File.WriteAllText(dir.Combine(name), ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem());
        var node = ShippedCatalog.Node();
        node["environments"]!["online-region1"]!["signing"]!["trustedKeys"] = new JsonArray(
            new JsonObject { ["file"] = "old.pub", ["notAfter"] = "2027-01-31T00:00:00Z" }, "new.pub");
        var catalog = CatalogLoader.LoadFromJson(node.ToJsonString(), dir.Path, "rotation.json", DeployModes.Shipped);
        var config = SigningConfig.For(catalog, "online-region1", dir.Combine("state"))!;

        var before = config.TrustedKeys(new MemoryBuildLog(), DateTimeOffset.Parse("2027-01-30T23:59:59Z"));
        var after = config.TrustedKeys(new MemoryBuildLog(), DateTimeOffset.Parse("2027-01-31T00:00:00Z"));

        Assert.All(before, k => Assert.Null(k.Expired));
        Assert.Equal([DateTimeOffset.Parse("2027-01-31T00:00:00Z"), null], after.Select(k => k.Expired));
        Assert.Contains($"{dir.Combine("old.pub")} (sha256:{after[0].Fingerprint}), whose trust ended 2027-01-31 00:00:00Z", after[0].ExpiredReason);

        node["environments"]!["online-region1"]!["signing"]!["trustedKeys"] = new JsonArray(new JsonObject { ["file"] = "old.pub", ["notAfter"] = "next month" });
        var bad = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson(node.ToJsonString(), dir.Path, "rotation.json", DeployModes.Shipped));
        Assert.Contains("notAfter \"next month\" is not an ISO 8601 instant", bad.Message);
    }

    [Fact]
    public void A_signature_or_attestation_by_an_expired_key_is_refused_naming_the_key_and_its_end()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var end = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        var expired = new TrustedKey("old.pub", key) { Expired = end };
        var digest = Slipway.Registry.Digest.Of("image"u8);

        Assert.Null(SignatureVerifier.Check(ImageSigner.SignatureLayer("r/app", digest, key, end.AddDays(-1)), "r/app", digest, [expired], out var why));
        Assert.Contains("whose trust ended 2026-01-01 00:00:00Z (signing.trustedKeys notAfter)", why);
        var envelope = Dsse.Sign(Dsse.InTotoPayloadType, "{}"u8.ToArray(), key);
        Assert.Contains("the SBOM is signed by old.pub", Assert.Throws<SlipwayException>(() => Dsse.Open(envelope, [expired], "the SBOM")).Message);
        Assert.Equal(expired with { Expired = null }, Dsse.Open(envelope, [expired with { Expired = null }], "the SBOM").Key);
    }

    private static string TrustedKeyFingerprint(ECDsa key) => new TrustedKey("k", key).Fingerprint;
}
