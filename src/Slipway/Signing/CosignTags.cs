using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Where cosign keeps what it attaches to an image: tags in the image's own repository named after its digest,
/// <c>sha256-&lt;hex&gt;.sig</c> (signatures) and <c>.att</c> (attestations).
/// </summary>
public static class CosignTags
{
    /// <summary>The signature tag of <paramref name="digest"/>.</summary>
    public static string Signature(Digest digest) => Base(digest) + ".sig";

    /// <summary>The attestation tag of <paramref name="digest"/>.</summary>
    public static string Attestation(Digest digest) => Base(digest) + ".att";

    /// <summary>Both attachment tags.</summary>
    public static IReadOnlyList<string> All(Digest digest) => [Signature(digest), Attestation(digest)];

    private static string Base(Digest digest) => digest.Value.Replace(':', '-');
}
