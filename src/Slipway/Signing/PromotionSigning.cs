using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Signatures across a promotion hop: a target that requires them refuses an image the source holds unsigned (before any
/// copy); the source's <c>.sig</c>/<c>.att</c> travel unchanged with the image; and when the target signs and its
/// repository differs, a signature for the target repository is added beside the originals, but only for an image that
/// arrived with a valid signature by a key the source or the target trusts (a promotion never launders an unsigned image).
/// </summary>
public static class PromotionSigning
{
    /// <summary>Refuses the hop when the target requires a signature and the source copy has none by a trusted key.</summary>
    public static async Task RequireAtSourceAsync(ChainContext sourceCtx, ChainContext targetCtx, ResolvedService from, Digest? digest, CancellationToken ct)
    {
        if (SigningConfig.For(targetCtx.Catalog, targetCtx.Environment, targetCtx.Paths.Root) is not { RequiresSignature: true } config) return;
        if (targetCtx.DryRun || digest is null)
        {
            targetCtx.Log.Info($"[{from.Name}] would verify the cosign signature of {from.ImageRepository}@{digest?.Value ?? "<digest>"} " +
                               $"before promoting it ('{targetCtx.Environment}' requires a signature by a trusted key)");
            return;
        }
        try
        {
            await SignatureVerifier.VerifyAsync(sourceCtx.Registry(from.RegistryName), from.RepositoryPath, from.ImageRepository, digest,
                config.TrustedKeys(targetCtx.Log, targetCtx.Clock.GetUtcNow()), ct);
        }
        catch (SlipwayException ex)
        {
            throw new SlipwayException($"Promotion of {from.Name} from '{sourceCtx.Environment}' to '{targetCtx.Environment}' refused: the target " +
                                       $"requires a signed image (signing.requireSignature). {ex.Message}. Nothing was promoted or deployed", ex);
        }
    }

    /// <summary>Carries the attachments of <paramref name="digest"/> and signs it for the target repository when due.</summary>
    public static async Task CarryAsync(ChainContext sourceCtx, ChainContext targetCtx, ResolvedService from, ResolvedService to,
        Digest? digest, CopyOptions options, CancellationToken ct)
    {
        if (digest is null) return;
        var log = targetCtx.Log;
        var dst = targetCtx.Registry(to.RegistryName);
        var carried = await AttachmentCarrier.CarryAsync(sourceCtx.Registry(from.RegistryName), from.RepositoryPath, dst, to.RepositoryPath,
            digest, options, log, ct);
        if (carried.Count > 0) log.Info($"[{from.Name}] carried {string.Join(", ", carried)} to {to.ImageRepository}");
        if (from.ImageRepository == to.ImageRepository) return;
        if (SigningConfig.For(targetCtx.Catalog, targetCtx.Environment, targetCtx.Paths.Root) is not { Signs: true } config) return;
        if (options.DryRun)
        {
            log.Info($"[{from.Name}] would sign {to.ImageRepository}@{digest} with {config.KeySource} if it arrived with a trusted signature " +
                     "(a signature names its repository; the originals are kept)");
            return;
        }
        try
        {
            await SignatureVerifier.VerifyAsync(dst, to.RepositoryPath, from.ImageRepository, digest, Trusted(sourceCtx, targetCtx), ct);
        }
        catch (SlipwayException ex)
        {
            log.Warn($"[{from.Name}] not signing {to.ImageRepository}@{digest.Short} for '{targetCtx.Environment}': it did not arrive with a trusted signature ({ex.Message})");
            return;
        }
        using var key = config.LoadPrivateKey(log);
        if (await ImageSigner.SignAsync(dst, to.RepositoryPath, to.ImageRepository, digest, key, targetCtx.Clock.GetUtcNow(), ct))
            log.Info($"[{from.Name}] signed {to.ImageRepository}@{digest.Short} for '{targetCtx.Environment}' with {config.KeySource} (the source's signatures kept)");
    }

    /// <summary>The predicate type of a promotion record.</summary>
    public const string PromotionPredicateType = "https://slipway.local/promotion/v1";

    /// <summary>
    /// Attaches a signed promotion record to the image in the target (an in-toto statement: from, to, digest, the gates
    /// passed, actor, time) when the target signs: one per hop, kept beside the build's SBOM and provenance.
    /// </summary>
    public static async Task RecordHopAsync(ChainContext sourceCtx, ChainContext targetCtx, ResolvedService to, Digest? digest,
        IEnumerable<(string Gate, string Verdict)> gates, CancellationToken ct)
    {
        var predicate = new System.Text.Json.Nodes.JsonObject
        {
            ["from"] = sourceCtx.Environment, ["to"] = targetCtx.Environment, ["digest"] = digest?.Value,
            ["gates"] = new System.Text.Json.Nodes.JsonArray(gates.Select(g => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["gate"] = g.Gate, ["verdict"] = g.Verdict,
            }).ToArray()),
            ["actor"] = Actor.Current, ["time"] = targetCtx.Clock.GetUtcNow().ToString("O"),
        };
        await ImageSigning.AttestAsync(targetCtx, to, digest, [(PromotionPredicateType, predicate)], ct);
    }

    private static IReadOnlyList<TrustedKey> Trusted(ChainContext sourceCtx, ChainContext targetCtx) =>
        new[] { sourceCtx, targetCtx }
            .Select(c => SigningConfig.For(c.Catalog, c.Environment, c.Paths.Root))
            .OfType<SigningConfig>()
            .SelectMany(c => c.TrustedKeys(targetCtx.Log, targetCtx.Clock.GetUtcNow()))
            .DistinctBy(k => k.Fingerprint)
            .ToList();
}
