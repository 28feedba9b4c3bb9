using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>One layer of a cosign attachment manifest (<c>.sig</c> or <c>.att</c>): its small blob and its annotations.</summary>
/// <param name="MediaType">e.g. <see cref="SimpleSigningPayload.MediaType"/>.</param>
/// <param name="Content">The blob: a simple-signing payload or a DSSE envelope.</param>
/// <param name="Annotations">The layer's annotations, e.g. the signature.</param>
public sealed record AttachmentLayer(string MediaType, byte[] Content, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>The annotation holding a signature's base64 ASN.1 ECDSA signature.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>The blob's digest (computed on each read: a <c>with</c> copy of another content must not keep the old one).</summary>
    public string Digest => Digests.Sha256(Content);

    /// <summary>The signature annotation, or null.</summary>
    public string? Signature => Annotations.TryGetValue(SignatureAnnotation, out var s) ? s : null;

    /// <summary>Same blob and same annotations: the same attachment, whichever manifest holds it.</summary>
    public bool SameAs(AttachmentLayer other) =>
        Digest == other.Digest && MediaType == other.MediaType && Annotations.Count == other.Annotations.Count &&
        Annotations.All(a => other.Annotations.TryGetValue(a.Key, out var v) && v == a.Value);
}
