using Slipway.Chain;

using System.Security.Cryptography;
using System.Text;

namespace Slipway.Pipeline;

/// <summary>
/// The image recipe's fingerprint: what besides the service commit decides the image's content
/// (base image, start script, layout rules, config folders). Part of the per-commit reference, so a
/// changed recipe builds a new image while an unchanged commit and recipe reuse the old one.
/// </summary>
public static class BuildKeys
{
    /// <summary>Bumped when the image assembly or the layer split changes what an image contains.</summary>
    public const string RecipeVersion = "layout-2";

    public static string Fingerprint(ChainContext ctx, ServiceRun run)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => sha.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(RecipeVersion);
        Add(run.Settings.BaseImage.Image);
        if (run.Settings.BaseImage.Registry is { } registry) Add($"{registry} {run.Settings.BaseImage.Platform}");
        Add(string.Join(',', run.Settings.ConfigFolders.Order(StringComparer.Ordinal)));
        sha.AppendData(File.ReadAllBytes(StartScript(ctx)));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..8];
    }

    public static string StartScript(ChainContext ctx) => Path.Combine(ctx.RecipeRoot, "images", "app", "start.sh");
}
