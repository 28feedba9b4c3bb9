using System.Security.Cryptography;
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
        Assert.Equal(TrustedKeyFingerprint(key), Assert.Single(config.TrustedKeys(log)).Fingerprint);
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

    private static string TrustedKeyFingerprint(ECDsa key) => new TrustedKey("k", key).Fingerprint;
}
