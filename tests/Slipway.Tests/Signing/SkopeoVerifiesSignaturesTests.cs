using System.Security.Cryptography;
using Slipway.Registry;
using Slipway.Signing;

namespace Slipway.Tests.Signing;

/// <summary>The signatures Slipway writes, read back by skopeo and verified by openssl (<see cref="CosignCheck"/>).</summary>
[Collection("registry")]
public sealed class SkopeoVerifiesSignaturesTests(RegistryFixture f)
{
    [Fact]
    public async Task An_image_Slipway_signed_verifies_independently_and_an_unsigned_or_wrongly_signed_one_does_not()
    {
        using var registry = f.ClientA();
        var repo = RegistryFixture.Repo("signed");
        var identity = $"{f.A.Host}/{repo}";
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = TestImage.Create(layerCount: 1, layerSize: 256);
        var unsigned = TestImage.Create(layerCount: 1, layerSize: 256);
        var strangers = TestImage.Create(layerCount: 1, layerSize: 256);
        foreach (var (image, tag) in new[] { (signed, "signed"), (unsigned, "unsigned"), (strangers, "strangers") })
            await image.PushAsync(registry, repo, tag);
        var digest = Digest.Parse(signed.Digest, "test");

        Assert.True(await ImageSigner.SignAsync(registry, repo, identity, digest, key, DateTimeOffset.UtcNow, default));
        Assert.False(await ImageSigner.SignAsync(registry, repo, identity, digest, key, DateTimeOffset.UtcNow, default)); // a rerun adds nothing
        await ImageSigner.SignAsync(registry, repo, identity, Digest.Parse(strangers.Digest, "test"), stranger, DateTimeOffset.UtcNow, default);

        var pem = key.ExportSubjectPublicKeyInfoPem();
        Assert.Null(await CosignCheck.WhyNotSignedAsync(f.A.Host, repo, signed.Digest, pem));
        Assert.Contains("skopeo cannot read", await CosignCheck.WhyNotSignedAsync(f.A.Host, repo, unsigned.Digest, pem));
        Assert.Contains("openssl", await CosignCheck.WhyNotSignedAsync(f.A.Host, repo, strangers.Digest, pem));
        Assert.Single((await AttachmentManifest.ReadAsync(registry, repo, CosignTags.Signature(digest), default))!);
    }
}
