using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Slipway.Registry;

/// <summary>Content digests as the distribution protocol writes them: "sha256:&lt;64 lowercase hex&gt;".</summary>
public static partial class Digests
{
    /// <summary>sha256 digest of <paramref name="bytes"/>.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Digest of <paramref name="bytes"/> with the algorithm named by <paramref name="like"/> (sha256 or sha512).</summary>
    public static string Compute(ReadOnlySpan<byte> bytes, string like) =>
        like.StartsWith("sha512:", StringComparison.Ordinal)
            ? "sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes))
            : Sha256(bytes);

    /// <summary>True for "sha256:&lt;64 hex&gt;" / "sha512:&lt;128 hex&gt;".</summary>
    public static bool IsValid(string? digest) => digest is not null && DigestRegex().IsMatch(digest);

    /// <summary>The first 12 hex digits of a sha256 digest, for people (other text unchanged, null as empty).</summary>
    public static string Short(string? digest) =>
        digest is null ? "" : digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length >= 19 ? digest[7..19] : digest;

    [GeneratedRegex(@"^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$")]
    private static partial Regex DigestRegex();
}
