using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Signing as the chain uses it, per the environment's catalog <c>signing</c>: sign after Push and after each promotion hop
/// (for the target repository: skopeo's matchRepository wants the signature's docker-reference to name the repository it
/// reads, so a copied signature alone does not verify in another repository), and refuse unsigned digests before a deploy.
/// </summary>
public static class ImageSigning
{
    /// <summary>
    /// Before anything is built, copied or deployed: the environment's signing key and trusted keys must load, so a missing,
    /// unset or wrong key fails the run here rather than after a push. A dry run does not generate the local key.
    /// </summary>
    /// <exception cref="SlipwayException">Names the setting, the file or variable, and the fix (never the key).</exception>
    public static void CheckKeys(ChainContext ctx)
    {
        if (SigningConfig.For(ctx.Catalog, ctx.Environment, ctx.Paths.Root) is not { } config) return;
        if (ctx.DryRun && config.UsesLocalKey) return;
        if (config.Signs) config.LoadPrivateKey(ctx.Log).Dispose();
        if (config.Signs || config.RequiresSignature)
            foreach (var key in config.TrustedKeys(ctx.Log, ctx.Clock.GetUtcNow())) key.Key.Dispose();
    }

    /// <summary>Signs <paramref name="digest"/> in <paramref name="settings"/>' repository when the environment signs.</summary>
    public static async Task SignAsync(ChainContext ctx, ResolvedService settings, Digest? digest, CancellationToken ct)
    {
        if (SigningConfig.For(ctx.Catalog, ctx.Environment, ctx.Paths.Root) is not { Signs: true } config) return;
        if (ctx.DryRun || digest is null)
        {
            ctx.Log.Info($"[{settings.Name}] would sign {settings.ImageRepository}@{digest?.Value ?? "<the pushed digest>"} with {config.KeySource} " +
                         $"(cosign signature under tag {(digest is null ? "sha256-<hex>.sig" : CosignTags.Signature(digest))}; skipped if that key already signed it)");
            if (config.UsesLocalKey) LocalSigningKey.Ensure(ctx.Paths.Root, ctx.Log, dryRun: true);
            return;
        }
        using var key = config.LoadPrivateKey(ctx.Log);
        var added = await ImageSigner.SignAsync(ctx.Registry(settings.RegistryName), settings.RepositoryPath, settings.ImageRepository, digest, key, ctx.Clock.GetUtcNow(), ct);
        ctx.Log.Info(added
            ? $"[{settings.Name}] signed {settings.ImageRepository}@{digest} with {config.KeySource} (tag {CosignTags.Signature(digest)})"
            : $"[{settings.Name}] {settings.ImageRepository}@{digest} already carries this key's signature ({CosignTags.Signature(digest)})");
    }

    /// <summary>Attaches <paramref name="predicates"/> (type, predicate) as signed attestations when the environment signs.</summary>
    public static async Task AttestAsync(ChainContext ctx, ResolvedService settings, Digest? digest,
        IReadOnlyList<(string Type, System.Text.Json.Nodes.JsonNode Predicate)> predicates, CancellationToken ct)
    {
        if (predicates.Count == 0 || SigningConfig.For(ctx.Catalog, ctx.Environment, ctx.Paths.Root) is not { Signs: true } config) return;
        var types = string.Join(", ", predicates.Select(p => p.Type));
        if (ctx.DryRun || digest is null)
        {
            ctx.Log.Info($"[{settings.Name}] would attest {settings.ImageRepository}@{digest?.Value ?? "<the pushed digest>"} with {config.KeySource}: {types} " +
                         "(DSSE envelopes under the .att tag; skipped when that key already attested the same statement)");
            return;
        }
        using var key = config.LoadPrivateKey(ctx.Log);
        var registry = ctx.Registry(settings.RegistryName);
        var added = 0;
        foreach (var (type, predicate) in predicates)
            if (await ImageAttester.AttestAsync(registry, settings.RepositoryPath, settings.ImageRepository, digest, type, predicate, key, ct))
                added++;
        ctx.Log.Info($"[{settings.Name}] attestations of {settings.ImageRepository}@{digest.Short} ({types}): {added} added, " +
                     $"{predicates.Count - added} already there (tag {CosignTags.Attestation(digest)})");
    }

    /// <summary>
    /// When the environment requires signatures: refuses <paramref name="digest"/> unless a trusted key signed it for
    /// <paramref name="settings"/>' repository and every attestation it carries verifies with a trusted key. <paramref name="action"/> names what is refused.
    /// </summary>
    public static async Task RequireAsync(ChainContext ctx, ResolvedService settings, Digest? digest, string action, CancellationToken ct)
    {
        if (SigningConfig.For(ctx.Catalog, ctx.Environment, ctx.Paths.Root) is not { RequiresSignature: true } config) return;
        if (ctx.DryRun || digest is null)
        {
            ctx.Log.Info($"[{settings.Name}] would verify the cosign signature and attestations of {settings.ImageRepository}@{digest?.Value ?? "<digest>"} " +
                         $"(environment '{ctx.Environment}' requires a signature by a trusted key)");
            return;
        }
        var trusted = config.TrustedKeys(ctx.Log, ctx.Clock.GetUtcNow());
        try
        {
            var registry = ctx.Registry(settings.RegistryName);
            var key = await SignatureVerifier.VerifyAsync(registry, settings.RepositoryPath, settings.ImageRepository, digest, trusted, ct);
            ctx.Log.Info($"[{settings.Name}] signature of {settings.ImageRepository}@{digest.Short} verified: signed by {key}");
            // Attestations are not required (an image built before signing has none), but one that is there must be intact.
            var attestations = await AttachmentManifest.ReadAsync(registry, settings.RepositoryPath, CosignTags.Attestation(digest), ct);
            var verified = attestations is null ? null : ImageAttester.Verify(attestations, settings.ImageRepository, digest, trusted);
            ctx.Log.Info($"[{settings.Name}] attestations of {settings.ImageRepository}@{digest.Short}: " +
                         (verified is null ? $"none ({CosignTags.Attestation(digest)} is missing)" : $"verified ({string.Join(", ", verified.Keys)})"));
        }
        catch (SlipwayException ex)
        {
            throw new SlipwayException($"{action} of {settings.Name} to '{ctx.Environment}' refused: the environment requires a signed image " +
                                       $"(signing.requireSignature). {ex.Message}. Nothing was deployed", ex);
        }
    }
}
