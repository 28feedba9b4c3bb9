using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

/// <summary>The real docker-registry over HTTPS with a certificate from a CA the test makes, as a private CA issues it.</summary>
public class RegistryTlsTests
{
    private const string Password = "tls-Very-Secret-42";

    private static RegistryClient FromCatalog(TokenAuthRegistry registry, string? caFile, string? certFile = null, string? keyFile = null, IBuildLog? log = null)
    {
        var spec = new RegistrySpec
        {
            Url = registry.Url, Namespace = "ncerepo", CaFile = caFile, CertFile = certFile, KeyFile = keyFile,
            Credentials = new CredentialsRef { Username = "ci", PasswordEnv = "SLIPWAY_TLS_TEST_PASSWORD" },
        };
        return RegistryClient.FromSpec(spec, new CredentialResolver(_ => Password), RegistryFixture.FastOptions with { Log = log }, name: "corp");
    }

    [Fact]
    public async Task With_the_private_CA_in_caFile_push_works_and_skopeo_reads_the_same_digest_over_TLS_and_token_auth()
    {
        using var dir = new TempDir();
        var certificates = TestCertificates.WriteTo(dir.Combine("tls"));
        await using var registry = await TokenAuthRegistry.StartAsync(certificates);
        using var client = FromCatalog(registry, certificates.CaFile);
        var repo = RegistryFixture.Repo("tls");
        var image = TestImage.Create(layerCount: 2);

        await image.PushAsync(client, repo, "v1");

        Assert.StartsWith("https://", registry.Url);
        Assert.Equal(image.Digest, await client.HeadManifestAsync(repo, "v1"));
        Assert.Equal(image.Digest, await Skopeo.DigestOverTlsAsync(registry.Host, repo, "v1", certificates.CaFile, "ci", Password));
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_CA_is_refused_once_naming_the_registry_and_the_caFile_key()
    {
        using var dir = new TempDir();
        var certificates = TestCertificates.WriteTo(dir.Combine("tls"));
        var otherCa = TestCertificates.WriteTo(dir.Combine("other")).CaFile;
        await using var registry = await TokenAuthRegistry.StartAsync(certificates);

        foreach (var caFile in new[] { null, otherCa })
        {
            var log = new MemoryBuildLog();
            using var client = FromCatalog(registry, caFile, log: log);
            var ex = await Assert.ThrowsAsync<RegistryException>(() => client.PingAsync());

            Assert.Contains($"registry 'corp' ({registry.Url}/) was refused at the TLS handshake", ex.Message);
            Assert.Contains("issued by CN=slipway-test-ca", ex.Message);
            Assert.Contains(caFile is null ? "does not chain to a CA this machine trusts" : "does not chain to the CA in caFile", ex.Message);
            Assert.Contains("Fix: set caFile in the catalog's registries.corp", ex.Message);
            Assert.DoesNotContain("retry", log.Text); // a refused certificate stays refused
            Assert.Equal(0, registry.TokensGranted);
        }
    }

    [Fact]
    public async Task A_registry_that_wants_a_client_certificate_gets_the_one_from_certFile_and_keyFile()
    {
        using var dir = new TempDir();
        var certificates = TestCertificates.WriteTo(dir.Combine("tls"));
        await using var registry = await TokenAuthRegistry.StartAsync(certificates, clientCertificates: true);
        var repo = RegistryFixture.Repo("mtls");
        var image = TestImage.Create(layerCount: 1);

        using (var without = FromCatalog(registry, certificates.CaFile))
            await Assert.ThrowsAsync<RegistryException>(() => without.PingAsync());

        using var with = FromCatalog(registry, certificates.CaFile, certificates.ClientCertFile, certificates.ClientKeyFile);
        await image.PushAsync(with, repo, "v1");
        Assert.Equal(image.Digest, await with.HeadManifestAsync(repo, "v1"));
    }

    [Fact]
    public void A_caFile_that_does_not_exist_is_named_with_its_catalog_key()
    {
        var spec = new RegistrySpec { Url = "https://registry.example.com", Namespace = "ncerepo", CaFile = "/nonexistent/corp-ca.pem" };

        var ex = Assert.Throws<SlipwayException>(() => RegistryClient.FromSpec(spec, name: "corp"));

        Assert.Equal("registries.corp.caFile: file '/nonexistent/corp-ca.pem' does not exist. Fix: point it at the PEM file, or fix the path in the catalog", ex.Message);
    }
}

public class RegistryTlsCatalogTests
{
    [Fact]
    public void A_registry_takes_caFile_certFile_and_keyFile_and_a_certificate_without_its_key_is_refused_at_load()
    {
        var node = ShippedCatalog.Node();
        node["registries"]!["hub"]!["caFile"] = "/etc/slipway/corp-ca.pem";
        node["registries"]!["hub"]!["certFile"] = "/etc/slipway/client.pem";
        node["registries"]!["hub"]!["keyFile"] = "/etc/slipway/client-key.pem";

        var hub = CatalogLoader.LoadFromJson(node.ToJsonString(), "/tmp", "tls.json", DeployModes.Shipped).Registries["hub"];
        Assert.Equal(("/etc/slipway/corp-ca.pem", "/etc/slipway/client.pem", "/etc/slipway/client-key.pem"), (hub.CaFile, hub.CertFile, hub.KeyFile));

        node["registries"]!["hub"]!.AsObject().Remove("keyFile");
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson(node.ToJsonString(), "/tmp", "tls.json", DeployModes.Shipped));
        Assert.Contains("tls.json: $.registries.hub.keyFile: registry 'hub' has only one of certFile and keyFile. Fix: set both", error.Message);
    }
}
