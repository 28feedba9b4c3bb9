using System.Security.Cryptography;
using System.Text;
using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Signing;

namespace Slipway.Tests.Signing;

/// <summary>The cosign signature format and its checks, without a registry.</summary>
public sealed class SignaturePayloadTests
{
    private static readonly Digest Image = Digest.Of("image"u8);
    private const string Repository = "127.0.0.1:5055/ncerepo/orders";

    [Fact]
    public void The_payload_is_the_simple_signing_document_cosign_writes_and_parses_back()
    {
        var bytes = new SimpleSigningPayload(Repository, Image).ToBytes();

        Assert.Equal("{\"critical\":{\"identity\":{\"docker-reference\":\"" + Repository + "\"},\"image\":{\"docker-manifest-digest\":\"" +
                     Image.Value + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}", Encoding.UTF8.GetString(bytes));
        Assert.Equal(new SimpleSigningPayload(Repository, Image), SimpleSigningPayload.Parse(bytes, "test"));
        Assert.Equal("sha256-" + Image.Value[7..] + ".sig", CosignTags.Signature(Image));
    }

    [Fact]
    public void Slipways_payload_says_who_signed_and_when_in_the_optional_section_containers_image_reads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var at = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);
        var layer = ImageSigner.SignatureLayer(Repository, Image, key, at);

        var optional = System.Text.Json.Nodes.JsonNode.Parse(layer.Content)!["optional"]!;
        Assert.Equal(("Slipway", 1_796_000_000L), (optional["creator"]!.GetValue<string>(), optional["timestamp"]!.GetValue<long>()));
        var payload = SimpleSigningPayload.Parse(layer.Content, "test");
        Assert.Equal((at, $"sha256:{new TrustedKey("k", key).Fingerprint}"), (payload.SignedAt!.Value, payload.KeyFingerprint!));
    }

    [Theory]
    [InlineData("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:aa"},"type":"cosign container image signature"},"optional":null}""", "not a content digest")]
    [InlineData("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIGEST"},"type":"something else"},"optional":null}""", "critical.type")]
    [InlineData("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIGEST"},"type":"cosign container image signature","extra":1},"optional":null}""", "exactly the fields")]
    [InlineData("""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"DIGEST"},"type":"cosign container image signature"}}""", "exactly the fields")]
    public void A_payload_skopeo_would_reject_is_refused_naming_the_problem(string json, string problem)
    {
        var ex = Assert.Throws<SlipwayException>(() => SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(json.Replace("DIGEST", Image.Value)), "the payload"));
        Assert.Contains(problem, ex.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:5055/ncerepo/orders", "127.0.0.1:5055/ncerepo/orders")]
    [InlineData("127.0.0.1:5055/ncerepo/orders:1.0", "127.0.0.1:5055/ncerepo/orders")]
    [InlineData("127.0.0.1:5055/ncerepo/orders@sha256:ab", "127.0.0.1:5055/ncerepo/orders")]
    public void The_repository_of_a_signed_reference_drops_tag_and_digest_but_keeps_the_port(string reference, string repository) =>
        Assert.Equal(repository, SimpleSigningPayload.RepositoryOf(reference));

    [Fact]
    public void A_signature_verifies_only_with_its_key_for_its_digest_and_its_repository()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TrustedKey Trusted(ECDsa k, string name) => new(name, ECDsa.Create(k.ExportParameters(false)));
        var layer = ImageSigner.SignatureLayer(Repository, Image, key, DateTimeOffset.UnixEpoch);

        Assert.Equal("team", SignatureVerifier.Check(layer, Repository, Image, [Trusted(other, "old"), Trusted(key, "team")], out _)?.Source);
        Assert.Null(SignatureVerifier.Check(layer, Repository, Image, [Trusted(other, "old")], out var wrongKey));
        Assert.Contains($"signed by key sha256:{new TrustedKey("k", key).Fingerprint}, none of the trusted keys", wrongKey);
        Assert.Null(SignatureVerifier.Check(layer, Repository, Digest.Of("other"u8), [Trusted(key, "team")], out var otherDigest));
        Assert.Contains("signs another digest", otherDigest);
        Assert.Null(SignatureVerifier.Check(layer, "127.0.0.1:5056/ncerepo/orders", Image, [Trusted(key, "team")], out var otherRepo));
        Assert.Contains($"signed for {Repository}", otherRepo);
        var tampered = layer with { Content = new SimpleSigningPayload(Repository, Digest.Of("evil"u8)).ToBytes() };
        Assert.Null(SignatureVerifier.Check(tampered, Repository, Digest.Of("evil"u8), [Trusted(key, "team")], out var forged));
        Assert.Contains("none of the trusted keys", forged);
    }

    [Fact]
    public void An_environments_signing_block_overrides_the_catalogs_field_by_field()
    {
        var catalog = new Slipway.Catalog.Catalog
        {
            Signing = new SigningSpec { KeyEnv = "TEAM_KEY", TrustedKeys = ["team.pub"] },
            Environments = new()
            {
                ["online"] = new EnvironmentSpec { Signing = new SigningSpec { RequireSignature = true } },
                ["lab"] = new EnvironmentSpec { Signing = new SigningSpec { KeyFile = "lab.key" } },
                ["plain"] = new EnvironmentSpec(),
            },
        };

        var online = SigningSpec.Effective(catalog, "online")!;
        Assert.Equal(("TEAM_KEY", (string?)null, true), (online.KeyEnv, online.KeyFile, online.RequireSignature));
        Assert.Equal(["team.pub"], online.TrustedKeys!.Select(k => k.File));
        Assert.Equal(("lab.key", (string?)null), (SigningSpec.Effective(catalog, "lab")!.KeyFile, SigningSpec.Effective(catalog, "lab")!.KeyEnv));
        Assert.Same(catalog.Signing, SigningSpec.Effective(catalog, "plain"));
        Assert.Null(SigningSpec.Effective(catalog with { Signing = null }, "plain"));
    }
}
