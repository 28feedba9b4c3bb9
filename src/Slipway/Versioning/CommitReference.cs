using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Slipway.Diagnostics;

namespace Slipway.Versioning;

/// <summary>
/// The immutable per-commit image tag: it identifies "the image for this service commit and this image recipe".
/// <c>commit-&lt;full sha&gt;</c>, or <c>commit-&lt;full sha&gt;-&lt;fingerprint8&gt;</c> when a recipe fingerprint
/// (first 8 hex digits of a hash of everything that shapes the image besides the source: base image, Dockerfile,
/// build settings) is given. If the tag exists in the registry, that image can be reused instead of rebuilt.
/// </summary>
/// <param name="Sha">Full commit sha, lower case (40 hex, or 64 in a SHA-256 repository).</param>
/// <param name="Fingerprint">First 8 hex digits (lower case) of the recipe fingerprint, or null.</param>
public sealed partial record CommitReference(string Sha, string? Fingerprint)
{
    /// <summary>Prefix of every commit tag.</summary>
    public const string Prefix = "commit-";

    /// <summary>The docker tag, e.g. <c>commit-3f9c...e1-1a2b3c4d</c>.</summary>
    public string Tag => Fingerprint is null ? Prefix + Sha : $"{Prefix}{Sha}-{Fingerprint}";

    /// <summary>Builds the reference. <paramref name="recipeFingerprint"/>: a hex digest of at least 8 digits (only the first 8 are used), or null.</summary>
    /// <exception cref="SlipwayException">The sha is not a full 40/64-hex sha, or the fingerprint is not hex.</exception>
    public static CommitReference Create(string sha, string? recipeFingerprint = null)
    {
        if (sha is null || !IsFullSha(sha))
            throw SlipwayException.Input("commit", $"'{sha}' is not a full commit sha (40 or 64 hex digits)", "pass the sha resolved by the checkout (CheckoutResult.Sha)");
        string? fp = null;
        if (recipeFingerprint is not null)
        {
            if (recipeFingerprint.Length < 8 || !recipeFingerprint.All(char.IsAsciiHexDigit))
                throw SlipwayException.Input("recipe fingerprint", $"'{recipeFingerprint}' is not a hex digest of at least 8 digits", "pass a hex hash (e.g. SHA-256) of the image recipe");
            fp = recipeFingerprint[..8].ToLowerInvariant();
        }
        return new CommitReference(sha.ToLowerInvariant(), fp);
    }

    /// <summary>Parses a tag made by <see cref="Tag"/>; false for anything else (date tags included).</summary>
    public static bool TryParse(string? tag, [NotNullWhen(true)] out CommitReference? reference)
    {
        reference = null;
        if (tag is null) return false;
        var m = Pattern().Match(tag);
        if (!m.Success) return false;
        reference = new CommitReference(m.Groups["sha"].Value, m.Groups["fp"].Success ? m.Groups["fp"].Value : null);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Tag;

    private static bool IsFullSha(string s) => s.Length is 40 or 64 && s.All(char.IsAsciiHexDigit);

    [GeneratedRegex("^commit-(?<sha>[0-9a-f]{64}|[0-9a-f]{40})(-(?<fp>[0-9a-f]{8}))?$")]
    private static partial Regex Pattern();
}
