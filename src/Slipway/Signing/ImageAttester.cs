using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Attaches signed in-toto statements to an image as cosign attest does: a DSSE envelope layer (annotation predicateType)
/// appended to the <c>sha256-&lt;hex&gt;.att</c> manifest in the image's repository.
/// </summary>
public static class ImageAttester
{
    /// <summary>The annotation naming an attestation's predicate type.</summary>
    public const string PredicateTypeAnnotation = "predicateType";

    /// <summary>
    /// Adds a statement of <paramref name="predicate"/> about <paramref name="digest"/> unless <paramref name="key"/> already
    /// attested the same statement there; returns true when one was added.
    /// </summary>
    public static async Task<bool> AttestAsync(RegistryClient registry, string repo, string subject, Digest digest, string predicateType,
        JsonNode predicate, ECDsa key, CancellationToken ct)
    {
        var tag = CosignTags.Attestation(digest);
        var existing = await AttachmentManifest.ReadAsync(registry, repo, tag, ct) ?? [];
        var statement = InTotoStatement.Create(subject, digest, predicateType, predicate);
        var mine = new TrustedKey("signing key", key);
        foreach (var layer in existing.Where(l => l.MediaType == Dsse.MediaType))
        {
            try
            {
                if (Dsse.Open(layer.Content, [mine], "attestation").Payload.AsSpan().SequenceEqual(statement)) return false;
            }
            catch (SlipwayException) { } // another key's or another statement: kept, and ours is added
        }
        var envelope = new AttachmentLayer(Dsse.MediaType, Dsse.Sign(Dsse.InTotoPayloadType, statement, key),
            new Dictionary<string, string> { [AttachmentLayer.SignatureAnnotation] = "", [PredicateTypeAnnotation] = predicateType });
        await AttachmentManifest.WriteAsync(registry, repo, tag, [.. existing, envelope], ct);
        return true;
    }

    /// <summary>
    /// The verified statements of <paramref name="digest"/> by predicate type (the last per type wins); an attestation a
    /// trusted key did not sign, or one about another digest, is refused with its reason.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, JsonNode>> ReadVerifiedAsync(RegistryClient registry, string repo, Digest digest,
        IReadOnlyList<TrustedKey> trusted, CancellationToken ct)
    {
        var layers = await AttachmentManifest.ReadAsync(registry, repo, CosignTags.Attestation(digest), ct)
            ?? throw new SlipwayException($"{registry.Host}/{repo}@{digest} has no attestations (tag {CosignTags.Attestation(digest)} is missing): " +
                                          "a copy with a tool that drops cosign attachments loses them. Fix: promote with Slipway, or push it again");
        return Verify(layers, $"{registry.Host}/{repo}", digest, trusted);
    }

    /// <summary>
    /// The verified statements among <paramref name="layers"/> (a <c>.att</c> manifest's) by predicate type; refuses the
    /// first attestation no trusted key signed (changed after signing, or signed by another key) or about another digest.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonNode> Verify(IReadOnlyList<AttachmentLayer> layers, string repository, Digest digest,
        IReadOnlyList<TrustedKey> trusted)
    {
        var found = new Dictionary<string, JsonNode>();
        foreach (var (layer, index) in layers.Where(l => l.MediaType == Dsse.MediaType).Select((l, i) => (l, i + 1)))
        {
            var claimed = layer.Annotations.TryGetValue(PredicateTypeAnnotation, out var t) ? $" ({t})" : "";
            var source = $"attestation {index}{claimed} under {repository}:{CosignTags.Attestation(digest)}";
            var (statement, _) = Dsse.Open(layer.Content, trusted, source);
            var (type, subject, predicate) = InTotoStatement.Read(statement, source);
            if (subject != digest.Value) throw new SlipwayException($"{source} is about {subject}, not {digest}: it was attached to the wrong image");
            found[type] = predicate;
        }
        return found;
    }
}
