using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Slipway.Signing;

/// <summary>
/// The SBOM of an application image as a CycloneDX 1.5 JSON document: every jar in WEB-INF/lib (Maven coordinates from
/// its META-INF/maven/**/pom.properties where present, sha-256 of the jar) and the base image it runs on. Nothing
/// time- or run-dependent goes in, so the same build gives the same document (a rerun attaches nothing new).
/// </summary>
public static class CycloneDxSbom
{
    /// <summary>The predicate type of a CycloneDX attestation.</summary>
    public const string PredicateType = "https://cyclonedx.org/bom";

    /// <summary>The document for the exploded WAR in <paramref name="explodedWar"/> on base image <paramref name="baseImage"/>@<paramref name="baseDigest"/>.</summary>
    public static JsonObject Create(string image, string explodedWar, string baseImage, string baseDigest)
    {
        var lib = Path.Combine(explodedWar, "WEB-INF", "lib");
        var jars = Directory.Exists(lib) ? Directory.GetFiles(lib, "*.jar").Order(StringComparer.Ordinal).ToList() : [];
        var components = new JsonArray(jars.Select(Component).ToArray());
        components.Add(new JsonObject
        {
            ["type"] = "container", ["bom-ref"] = "base-image", ["name"] = baseImage, ["version"] = baseDigest,
            ["description"] = "the base image the application layers are added to",
        });
        return new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.5",
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["component"] = new JsonObject { ["type"] = "container", ["name"] = image },
                ["tools"] = new JsonArray(new JsonObject { ["name"] = "slipway" }),
            },
            ["components"] = components,
        };
    }

    private static JsonNode Component(string jar)
    {
        var name = Path.GetFileName(jar);
        var coordinates = PomProperties(jar);
        var component = new JsonObject { ["type"] = "library", ["bom-ref"] = "WEB-INF/lib/" + name };
        if (coordinates is var (group, artifact, version))
        {
            component["group"] = group;
            component["name"] = artifact;
            component["version"] = version;
            component["purl"] = $"pkg:maven/{group}/{artifact}@{version}";
        }
        else
        {
            component["name"] = Path.GetFileNameWithoutExtension(name);
        }
        using (var stream = File.OpenRead(jar))
            component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = Convert.ToHexStringLower(SHA256.HashData(stream)) });
        component["properties"] = new JsonArray(new JsonObject { ["name"] = "slipway:file", ["value"] = "WEB-INF/lib/" + name });
        return component;
    }

    /// <summary>groupId, artifactId, version of the jar's own pom.properties (the one whose artifactId the file name starts with, else the only one).</summary>
    private static (string, string, string)? PomProperties(string jar)
    {
        try
        {
            using var zip = ZipFile.OpenRead(jar);
            var found = zip.Entries
                .Where(e => e.FullName.StartsWith("META-INF/maven/", StringComparison.Ordinal) && e.FullName.EndsWith("/pom.properties", StringComparison.Ordinal))
                .Select(Read)
                .Where(p => p is not null)
                .Select(p => p!.Value)
                .ToList();
            var file = Path.GetFileName(jar);
            return found.Count == 1 ? found[0]
                : found.Where(p => file.StartsWith(p.Item2 + "-", StringComparison.Ordinal)).Cast<(string, string, string)?>().FirstOrDefault();
        }
        catch (InvalidDataException)
        {
            return null; // not a zip: listed by name and hash only
        }
    }

    private static (string, string, string)? Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        var values = reader.ReadToEnd().Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.Last()[1].Trim());
        return values.TryGetValue("groupId", out var g) && values.TryGetValue("artifactId", out var a) && values.TryGetValue("version", out var v)
            ? (g, a, v) : null;
    }
}
