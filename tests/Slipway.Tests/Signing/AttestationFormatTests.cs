using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Signing;

namespace Slipway.Tests.Signing;

/// <summary>DSSE envelopes, in-toto statements, the CycloneDX SBOM and the SLSA provenance, without a registry.</summary>
public sealed class AttestationFormatTests
{
    [Fact]
    public void The_dsse_pre_authentication_encoding_matches_the_specifications_example() =>
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world",
            Encoding.UTF8.GetString(Dsse.Pae("http://example.com/HelloWorld", "hello world"u8.ToArray())));

    [Fact]
    public void An_envelope_opens_with_its_key_and_is_refused_when_tampered_or_signed_by_another_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = InTotoStatement.Create("r/app", Digest.Of("x"u8), SlsaProvenance.PredicateType, new JsonObject { ["a"] = 1 });
        var envelope = Dsse.Sign(Dsse.InTotoPayloadType, statement, key);
        var trusted = new TrustedKey("team", ECDsa.Create(key.ExportParameters(false)));

        Assert.Equal(statement, Dsse.Open(envelope, [trusted], "test").Payload);
        var (type, subject, predicate) = InTotoStatement.Read(statement, "test");
        Assert.Equal((SlsaProvenance.PredicateType, Digest.Of("x"u8).Value, 1), (type, subject, predicate["a"]!.GetValue<int>()));

        var node = JsonNode.Parse(envelope)!;
        node["payload"] = Convert.ToBase64String(InTotoStatement.Create("r/app", Digest.Of("y"u8), SlsaProvenance.PredicateType, new JsonObject()));
        var tampered = Assert.Throws<SlipwayException>(() => Dsse.Open(Encoding.UTF8.GetBytes(node.ToJsonString()), [trusted], "the SBOM"));
        Assert.Contains("the SBOM is signed by none of the trusted keys (team", tampered.Message);
        Assert.Throws<SlipwayException>(() => Dsse.Open(Dsse.Sign(Dsse.InTotoPayloadType, statement, other), [trusted], "test"));
    }

    [Fact]
    public void The_sbom_lists_every_jar_with_maven_coordinates_where_its_pom_properties_gives_them_its_hash_and_the_base_image()
    {
        using var war = new TempDir();
        var lib = Directory.CreateDirectory(war.Combine("WEB-INF", "lib")).FullName;
        using (var zip = ZipFile.Open(Path.Combine(lib, "guava-33.0.jar"), ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("META-INF/maven/com.google.guava/guava/pom.properties").Open()))
            writer.Write("#Generated\nversion=33.0\ngroupId=com.google.guava\nartifactId=guava\n");
        using (ZipFile.Open(Path.Combine(lib, "vendored.jar"), ZipArchiveMode.Create)) { }

        var sbom = CycloneDxSbom.Create("127.0.0.1:5055/ncerepo/orders", war.Path, "127.0.0.1:5055/base/tomcat:9", "sha256:" + new string('a', 64));

        Assert.Equal(("CycloneDX", "1.5"), (sbom["bomFormat"]!.GetValue<string>(), sbom["specVersion"]!.GetValue<string>()));
        var components = sbom["components"]!.AsArray();
        Assert.Equal(3, components.Count);
        Assert.Equal("pkg:maven/com.google.guava/guava@33.0", components[0]!["purl"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(lib, "guava-33.0.jar")))),
            components[0]!["hashes"]![0]!["content"]!.GetValue<string>());
        Assert.Equal("vendored", components[1]!["name"]!.GetValue<string>());
        Assert.Null(components[1]!["purl"]);
        Assert.Equal(("container", "sha256:" + new string('a', 64)), (components[2]!["type"]!.GetValue<string>(), components[2]!["version"]!.GetValue<string>()));
        Assert.Equal(sbom.ToJsonString(), CycloneDxSbom.Create("127.0.0.1:5055/ncerepo/orders", war.Path, "127.0.0.1:5055/base/tomcat:9", "sha256:" + new string('a', 64)).ToJsonString());
    }

    [Fact]
    public void The_provenance_names_source_commit_command_builder_recipe_and_base_digest()
    {
        var predicate = SlsaProvenance.Create(new BuildFacts("https://git/app.git", "abc123", "./build.sh Push --env local --service app",
            "slipway@ci", "r1f2", "127.0.0.1:5055/base/tomcat:9", "sha256:" + new string('b', 64)));

        var definition = predicate["buildDefinition"]!;
        Assert.Equal("abc123", definition["externalParameters"]!["source"]!["commit"]!.GetValue<string>());
        Assert.Equal("./build.sh Push --env local --service app", definition["externalParameters"]!["buildCommand"]!.GetValue<string>());
        Assert.Equal("r1f2", definition["internalParameters"]!["recipeFingerprint"]!.GetValue<string>());
        Assert.Equal(new string('b', 64), definition["resolvedDependencies"]![1]!["digest"]!["sha256"]!.GetValue<string>());
        Assert.Equal("slipway@ci", predicate["runDetails"]!["builder"]!["id"]!.GetValue<string>());
    }
}
