using System.Security.Cryptography;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Signs a manifest digest as cosign does: a simple-signing payload layer with the signature annotation, appended to the
/// <c>sha256-&lt;hex&gt;.sig</c> manifest in the image's repository (the signatures already there are kept).
/// </summary>
public static class ImageSigner
{
    /// <summary>The layer signing <paramref name="digest"/> for <paramref name="identity"/> with <paramref name="key"/> at <paramref name="signedAt"/>.</summary>
    public static AttachmentLayer SignatureLayer(string identity, Digest digest, ECDsa key, DateTimeOffset signedAt)
    {
        var payload = new SimpleSigningPayload(identity, digest, signedAt, TrustedKey.KeyIdOf(key)).ToBytes();
        var signature = key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new AttachmentLayer(SimpleSigningPayload.MediaType, payload,
            new Dictionary<string, string> { [AttachmentLayer.SignatureAnnotation] = Convert.ToBase64String(signature) });
    }

    /// <summary>
    /// Adds a signature of <paramref name="digest"/> for <paramref name="identity"/> unless <paramref name="key"/> already
    /// signed that digest for that repository there (payloads differ in their signing time, so a rerun compares what is
    /// signed and the key, not bytes).
    /// </summary>
    /// <returns>True when a signature was added, false when an equivalent one existed.</returns>
    public static async Task<bool> SignAsync(RegistryClient registry, string repo, string identity, Digest digest, ECDsa key,
        DateTimeOffset signedAt, CancellationToken ct)
    {
        var tag = CosignTags.Signature(digest);
        var existing = await AttachmentManifest.ReadAsync(registry, repo, tag, ct) ?? [];
        var wanted = new SimpleSigningPayload(identity, digest);
        var mine = new TrustedKey("signing key", key);
        if (existing.Any(l => l.Signature is { } s && mine.Verifies(l.Content, s) && SignedPayload(l)?.SignsSameAs(wanted) == true))
            return false;
        await AttachmentManifest.WriteAsync(registry, repo, tag, [.. existing, SignatureLayer(identity, digest, key, signedAt)], ct);
        return true;
    }

    private static SimpleSigningPayload? SignedPayload(AttachmentLayer layer)
    {
        try { return SimpleSigningPayload.Parse(layer.Content, "an existing signature"); }
        catch (Diagnostics.SlipwayException) { return null; }
    }
}
