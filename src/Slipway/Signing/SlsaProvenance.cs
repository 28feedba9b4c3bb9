using System.Text.Json.Nodes;

namespace Slipway.Signing;

/// <summary>What a build was made from and how, for its SLSA provenance.</summary>
/// <param name="SourceRepository">The git repository built.</param>
/// <param name="Commit">The commit built.</param>
/// <param name="BuildCommand">The command that built it, e.g. "./build.sh Push --env local --service orders".</param>
/// <param name="Builder">Who built it: Slipway and the machine.</param>
/// <param name="RecipeFingerprint">The image recipe's fingerprint (the per-commit reference's suffix).</param>
/// <param name="BaseImage">The base image's repository and reference.</param>
/// <param name="BaseDigest">The base image's manifest digest.</param>
public sealed record BuildFacts(string SourceRepository, string Commit, string BuildCommand, string Builder, string RecipeFingerprint,
    string BaseImage, string BaseDigest);

/// <summary>A SLSA provenance v1 predicate of a Slipway build.</summary>
public static class SlsaProvenance
{
    /// <summary>The predicate type.</summary>
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>The build type naming Slipway's chain.</summary>
    public const string BuildType = "https://slipway.local/chain/v1";

    /// <summary>The predicate for <paramref name="facts"/>.</summary>
    public static JsonObject Create(BuildFacts facts) => new()
    {
        ["buildDefinition"] = new JsonObject
        {
            ["buildType"] = BuildType,
            ["externalParameters"] = new JsonObject
            {
                ["source"] = new JsonObject { ["repository"] = facts.SourceRepository, ["commit"] = facts.Commit },
                ["buildCommand"] = facts.BuildCommand,
            },
            ["internalParameters"] = new JsonObject { ["recipeFingerprint"] = facts.RecipeFingerprint },
            ["resolvedDependencies"] = new JsonArray(
                new JsonObject { ["uri"] = "git+" + facts.SourceRepository, ["digest"] = new JsonObject { ["gitCommit"] = facts.Commit } },
                new JsonObject
                {
                    ["uri"] = facts.BaseImage,
                    ["digest"] = new JsonObject { [facts.BaseDigest.Split(':')[0]] = facts.BaseDigest.Split(':').Last() },
                }),
        },
        ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = facts.Builder } },
    };
}
