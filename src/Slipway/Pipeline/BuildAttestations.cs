using System.Text.Json.Nodes;
using Slipway.Chain;
using Slipway.Signing;

namespace Slipway.Pipeline;

/// <summary>The statements Push attaches to a freshly built image: its SBOM (CycloneDX) and its SLSA provenance.</summary>
public static class BuildAttestations
{
    /// <summary>The statement types a real Push attaches, for a dry run's plan.</summary>
    public static IReadOnlyList<(string Type, JsonNode Predicate)> Planned { get; } =
        [(CycloneDxSbom.PredicateType, new JsonObject()), (SlsaProvenance.PredicateType, new JsonObject())];

    /// <summary>What this run can state: nothing for a reused image (its build attached them) or one built without a checkout.</summary>
    public static IReadOnlyList<(string Type, JsonNode Predicate)> For(ChainContext ctx, ServiceRun run)
    {
        if (run.Reused || run.Image is not { } image || run.Checkout is not { } checkout) return [];
        var baseImage = $"{image.Base.Repository}:{image.Base.Reference}";
        var statements = new List<(string, JsonNode)>();
        if (run.ExplodedDirectory is { } exploded && Directory.Exists(exploded))
            statements.Add((CycloneDxSbom.PredicateType, CycloneDxSbom.Create(run.Settings.ImageRepository, exploded, baseImage, image.Base.Manifest.Digest)));
        statements.Add((SlsaProvenance.PredicateType, SlsaProvenance.Create(new BuildFacts(
            checkout.Repository, checkout.Sha, $"./build.sh Push --env {ctx.Environment} --service {run.Service}",
            $"slipway@{Environment.MachineName}", BuildKeys.Fingerprint(ctx, run), baseImage, image.Base.Manifest.Digest))));
        return statements;
    }
}
