using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Checks that a digest carries a signature the way skopeo's sigstoreSigned + matchRepository policy does: some layer of
/// its <c>.sig</c> manifest is a simple-signing payload for this digest and this repository, signed by a trusted key.
/// </summary>
public static class SignatureVerifier
{
    /// <summary>The trusted key that signed <paramref name="digest"/> for <paramref name="identity"/>.</summary>
    /// <exception cref="SlipwayException">No such signature: names the keys tried and what each signature lacks.</exception>
    public static async Task<TrustedKey> VerifyAsync(RegistryClient registry, string repo, string identity, Digest digest,
        IReadOnlyList<TrustedKey> trusted, CancellationToken ct)
    {
        var tag = CosignTags.Signature(digest);
        var layers = await AttachmentManifest.ReadAsync(registry, repo, tag, ct);
        var keys = string.Join(", ", trusted);
        if (layers is null)
            throw new SlipwayException($"{identity}@{digest} has no signature: tag {tag} is missing in {registry.Host}/{repo} " +
                                       $"(trusted keys: {keys}). A copy made with a tool that drops cosign attachments loses it. " +
                                       "Fix: promote with Slipway from a signed source, or push the image again with signing on");
        var reasons = new List<string>();
        foreach (var (layer, index) in layers.Select((l, i) => (l, i + 1)))
        {
            if (Check(layer, identity, digest, trusted, out var reason) is { } key) return key;
            reasons.Add($"signature {index}: {reason}");
        }
        throw new SlipwayException($"{identity}@{digest} has no valid signature by a trusted key (tried {keys}): " +
                                   string.Join("; ", reasons) + ". Fix: sign it with a trusted key (push or promote it again), " +
                                   "or list the key that signed it in signing.trustedKeys");
    }

    /// <summary>The key a payload says signed it, for messages: only a claim until its signature verifies.</summary>
    public static string SignerOf(SimpleSigningPayload payload) =>
        payload.KeyFingerprint is { } fingerprint ? $"key {fingerprint}" : "a key that does not name itself";

    /// <summary>The trusted key <paramref name="layer"/> verifies with for this digest and identity, else null and why not.</summary>
    public static TrustedKey? Check(AttachmentLayer layer, string identity, Digest digest, IReadOnlyList<TrustedKey> trusted, out string reason)
    {
        if (layer.MediaType != SimpleSigningPayload.MediaType || layer.Signature is not { } signature)
        {
            reason = $"not a cosign signature (layer type {layer.MediaType})";
            return null;
        }
        SimpleSigningPayload payload;
        try { payload = SimpleSigningPayload.Parse(layer.Content, "the signed payload"); }
        catch (SlipwayException ex)
        {
            reason = ex.Message;
            return null;
        }
        var key = trusted.FirstOrDefault(k => k.Verifies(layer.Content, signature));
        if (key is null)
        {
            reason = $"signed by {SignerOf(payload)}, none of the trusted keys (an unknown, rotated-out or wrong key, or a payload changed after signing)";
            return null;
        }
        if (key.Expired is not null)
        {
            reason = key.ExpiredReason;
            return null;
        }
        if (payload.Digest != digest)
            reason = $"signs another digest ({payload.Digest})";
        else if (SimpleSigningPayload.RepositoryOf(payload.Identity) != identity)
            reason = $"signed for {payload.Identity}, not {identity}";
        else
        {
            reason = "";
            return key;
        }
        return null;
    }
}
