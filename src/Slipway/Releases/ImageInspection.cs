using System.Text;
using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Signing;

namespace Slipway.Releases;

/// <summary>
/// Inspect: what runs in an environment and what vouches for it: the digest, each signature (the repository it names, the key
/// that made it, trusted or not, and when), the SBOM's jar count and coordinates, and the provenance, verified with the
/// environment's trusted keys.
/// </summary>
public static class ImageInspection
{
    /// <summary>The report for <paramref name="service"/> in the context's environment.</summary>
    public static async Task<string> ReportAsync(ChainContext ctx, string service, CancellationToken ct = default)
    {
        var image = await SourceImageLocator.LocateAsync(ctx, service, ctx.Environment, ct);
        var settings = ctx.Catalog.Resolve(service, ctx.Environment);
        var digest = image.Digest ?? throw new SlipwayException($"{service} in '{ctx.Environment}': no digest known ({image.Evidence})");
        var registry = ctx.Registry(settings.RegistryName);
        var trusted = SigningConfig.For(ctx.Catalog, ctx.Environment, ctx.Paths.Root)?.TrustedKeys(ctx.Log, ctx.Clock.GetUtcNow()) ?? [];
        var report = new StringBuilder();
        report.AppendLine($"{service} in '{ctx.Environment}': {settings.ImageRepository}@{digest} (tag {image.Tag ?? "unknown"}; {image.Evidence})");

        var signatures = await AttachmentManifest.ReadAsync(registry, settings.RepositoryPath, CosignTags.Signature(digest), ct);
        report.AppendLine(signatures is null ? $"signatures: none ({CosignTags.Signature(digest)} is missing)" : $"signatures: {signatures.Count}");
        foreach (var layer in signatures ?? [])
        {
            var payload = TryPayload(layer);
            var key = SignatureVerifier.Check(layer, payload?.Identity ?? "", digest, trusted, out var why);
            var when = payload?.SignedAt is { } at ? $" at {at:yyyy-MM-dd HH:mm:ss}Z" : " (no signing time)";
            report.AppendLine($"  for {payload?.Identity ?? "(unreadable payload)"}: " + (key is not null ? $"signed by {key} (trusted){when}" : why));
        }

        try
        {
            var attested = await ImageAttester.ReadVerifiedAsync(registry, settings.RepositoryPath, digest, trusted, ct);
            report.AppendLine(attested.TryGetValue(CycloneDxSbom.PredicateType, out var sbom) ? Sbom(sbom) : "SBOM: none");
            report.AppendLine(attested.TryGetValue(SlsaProvenance.PredicateType, out var provenance) ? Provenance(provenance) : "provenance: none");
        }
        catch (SlipwayException ex)
        {
            report.AppendLine($"SBOM and provenance: not verified: {ex.Message}");
        }
        return report.ToString();
    }

    private static SimpleSigningPayload? TryPayload(AttachmentLayer layer)
    {
        try { return SimpleSigningPayload.Parse(layer.Content, "payload"); }
        catch (SlipwayException) { return null; }
    }

    private static string Sbom(JsonNode sbom)
    {
        var components = sbom["components"]?.AsArray().OfType<JsonNode>().ToList() ?? [];
        var jars = components.Where(c => c["type"]?.GetValue<string>() == "library").ToList();
        var coordinates = jars.Select(j => j["purl"]?.GetValue<string>() ?? j["name"]?.GetValue<string>()).Take(10);
        var baseImage = components.FirstOrDefault(c => c["type"]?.GetValue<string>() == "container");
        return $"SBOM (CycloneDX): {jars.Count} jars: {string.Join(", ", coordinates)}{(jars.Count > 10 ? ", ..." : "")}; " +
               $"base {baseImage?["name"]}@{baseImage?["version"]}";
    }

    private static string Provenance(JsonNode provenance)
    {
        var definition = provenance["buildDefinition"];
        var source = definition?["externalParameters"]?["source"];
        return $"provenance: {source?["repository"]} at {source?["commit"]}, built by {provenance["runDetails"]?["builder"]?["id"]} " +
               $"with \"{definition?["externalParameters"]?["buildCommand"]}\", recipe {definition?["internalParameters"]?["recipeFingerprint"]}, " +
               $"base {definition?["resolvedDependencies"]?[1]?["uri"]}";
    }
}
