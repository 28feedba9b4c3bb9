using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Registry;
using Slipway.Signing;

namespace Slipway.Releases;

/// <summary>What to promote: one service from an environment to one or more targets, in order.</summary>
/// <param name="Service">The service.</param>
/// <param name="From">The environment whose running image is promoted.</param>
/// <param name="To">Targets in order; each next one receives from the previous one.</param>
/// <param name="Force">Override the catalog's promotion order (recorded in the ledger).</param>
public sealed record PromotionRequest(string Service, string From, IReadOnlyList<string> To, bool Force = false)
{
    /// <summary>From a saved plan: the digest the source must still run, else the promotion is refused.</summary>
    public string? ExpectedDigest { get; init; }
}

/// <summary>One hop of a promotion.</summary>
/// <param name="Source">The environment the image came from.</param>
/// <param name="Target">The environment it went to.</param>
/// <param name="Digest">The manifest digest, identical in both registries.</param>
/// <param name="Tags">The tags it has in the target repository.</param>
/// <param name="Copy">What the registry copy did: blobs skipped, mounted, copied, bytes.</param>
/// <param name="Forced">True when the promotion order was overridden.</param>
/// <param name="Gates">Every release gate's verdict for this hop.</param>
public sealed record PromotionHop(string Source, string Target, Digest? Digest, PromotionTags Tags, CopyResult Copy, bool Forced,
    IReadOnlyList<Gates.GateVerdict> Gates);

/// <summary>
/// Promote: take the digest the source environment runs, make it available in each target's registry keeping the
/// digest (same repository: tag only; same registry: mount; other registry: copy missing blobs), tag it, verify the
/// target digest equals the source digest, record it, then deploy it by digest through <see cref="Rollout"/>.
/// Targets go in order; the first failure stops the rest.
/// </summary>
public static class Promoter
{
    /// <summary>Runs <paramref name="request"/>; <paramref name="template"/> supplies catalog, log, state folder and dry-run flag.</summary>
    public static async Task<IReadOnlyList<PromotionHop>> RunAsync(ChainContext template, PromotionRequest request, CancellationToken ct = default)
    {
        Validate(template.Catalog, request);
        foreach (var target in request.To)
        {
            using var targetCtx = template.ForEnvironment(target);
            ImageSigning.CheckKeys(targetCtx);
        }
        var hops = new List<PromotionHop>();
        SourceImage? image = null;
        ManifestContent? dryRunManifest = null;
        var source = request.From;
        foreach (var target in request.To)
        {
            using var sourceCtx = template.ForEnvironment(source);
            using var targetCtx = template.ForEnvironment(target);
            var forced = PromotionPolicy.Enforce(template.Catalog, source, target, request.Force, template.Log);
            image = image is null
                ? await SourceImageLocator.LocateAsync(sourceCtx, request.Service, source, ct)
                : image with { Environment = source, Evidence = $"promoted to '{source}' by this run" };
            if (request.ExpectedDigest is { } expected && image.DigestText != expected)
                throw new SlipwayException($"The plan promotes {expected}, but '{source}' runs {image.DigestText} now ({image.Evidence}). " +
                                           "Nothing was promoted. Fix: make a new plan (Promote ... --dry-run --plan-out FILE)");
            template.Log.Info($"[{request.Service}] promoting {image.DigestText} ({image.Tag ?? "no date tag known"}) from '{source}' " +
                              $"({image.Evidence}) to '{target}'{(forced ? " (forced)" : "")}");
            // A dry run writes nothing, so later hops cannot read the image from the previous target: they reuse the first manifest.
            if (template.DryRun && hops.Count == 0) dryRunManifest = await TryReadManifestAsync(sourceCtx, request.Service, image, ct);
            hops.Add(await PromoteCoreAsync(sourceCtx, targetCtx, request.Service, image, forced, hops.Count == 0 ? null : dryRunManifest, ct));
            try { await Rollout.RunAsync(targetCtx, DeployInputFor(targetCtx, request.Service, image), LedgerActions.Deploy, ct); }
            catch (Exception e) when (e is not OperationCanceledException && request.To.Count > hops.Count)
            {
                template.Log.Error($"[{request.Service}] promotion stopped at '{target}'; not promoted: {string.Join(", ", request.To.Skip(hops.Count))}");
                throw;
            }
            source = target;
        }
        return hops;
    }

    private static void Validate(Catalog.Catalog catalog, PromotionRequest request)
    {
        catalog.GetService(request.Service);
        catalog.GetEnvironment(request.From);
        if (request.To.Count == 0)
            throw SlipwayException.Input("--to", "names no environment", $"name one or more, e.g. --to {NextAfter(catalog, request.From) ?? "test"}");
        var seen = new HashSet<string> { request.From };
        foreach (var target in request.To)
        {
            catalog.GetEnvironment(target);
            if (!seen.Add(target))
                throw SlipwayException.Input($"--to {string.Join(",", request.To)}", $"names '{target}' twice (or the --from environment)",
                    "list each target once, in promotion order");
            catalog.SelectServices(target, [request.Service]);
        }
    }

    private static string? NextAfter(Catalog.Catalog catalog, string environment) =>
        catalog.Environments.FirstOrDefault(e => e.Value.PromoteFrom == environment).Key;

    /// <summary>
    /// One hop and its deploy: <paramref name="image"/> made available in the target's registry, recorded, and deployed there by
    /// digest. Deploy into a receiving stage uses this for the image the predecessor ran.
    /// </summary>
    public static async Task<PromotionHop> PromoteAndDeployAsync(ChainContext sourceCtx, ChainContext targetCtx, string service,
        SourceImage image, bool forced, CancellationToken ct = default)
    {
        var hop = await PromoteCoreAsync(sourceCtx, targetCtx, service, image, forced, null, ct);
        await Rollout.RunAsync(targetCtx, DeployInputFor(targetCtx, service, image), LedgerActions.Deploy, ct);
        return hop;
    }

    /// <summary>
    /// One hop without the deploy: makes <paramref name="image"/> available in the target environment's registry under its
    /// <see cref="PromotionTags"/>, verifies the digest there and records the promotion in the target's ledger.
    /// </summary>
    public static Task<PromotionHop> PromoteImageAsync(ChainContext sourceCtx, ChainContext targetCtx, string service,
        SourceImage image, bool forced, CancellationToken ct = default) =>
        PromoteCoreAsync(sourceCtx, targetCtx, service, image, forced, null, ct);

    private static async Task<ManifestContent?> TryReadManifestAsync(ChainContext ctx, string service, SourceImage image, CancellationToken ct)
    {
        if (image.Digest is null) return null;
        var settings = ctx.Catalog.Resolve(service, ctx.Environment);
        try { return await ctx.Registry(settings.RegistryName).GetManifestAsync(settings.RepositoryPath, image.DigestText, ct); }
        catch (RegistryException) { return null; }
    }

    private static async Task<PromotionHop> PromoteCoreAsync(ChainContext sourceCtx, ChainContext targetCtx, string service,
        SourceImage image, bool forced, ManifestContent? dryRunManifest, CancellationToken ct)
    {
        var catalog = targetCtx.Catalog;
        var from = catalog.Resolve(service, sourceCtx.Environment);
        var to = catalog.Resolve(service, targetCtx.Environment);
        var tags = PromotionTags.For(image, targetCtx.Environment);
        var entry = new LedgerEntry
        {
            Service = service, Environment = targetCtx.Environment, Action = LedgerActions.Promote, Result = LedgerEntry.Succeeded,
            Tag = tags.Original, Digest = image.DigestText, Commit = image.Commit, Forced = forced, From = sourceCtx.Environment,
        };
        var gates = await Gates.ReleaseGates.EnforceAsync(targetCtx, new Gates.GateCheck(service, image.DigestText, Gates.GatedAction.Promotion), ct);
        await PromotionSigning.RequireAtSourceAsync(sourceCtx, targetCtx, from, image.Digest, ct);
        try
        {
            var copy = await CopyAsync(sourceCtx, targetCtx, from, to, image, tags, dryRunManifest, ct);
            await PromotionSigning.RecordHopAsync(sourceCtx, targetCtx, to, image.Digest,
                gates.Select(g => (g.Gate, g.Overridden ? $"overridden: {g.Reason}" : g.Passed ? "passed" : g.Reason)), ct);
            await ReleaseLedgers.RecordAsync(targetCtx, entry with
            {
                Message = $"{copy.BlobsSkipped} blobs present, {copy.BlobsMounted} mounted, {copy.BlobsCopied} copied ({copy.BytesCopied} bytes)",
            }, ct);
            return new PromotionHop(sourceCtx.Environment, targetCtx.Environment, image.Digest, tags, copy, forced, gates);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !targetCtx.DryRun)
        {
            await ReleaseLedgers.RecordFailureAsync(targetCtx, entry, ex);
            throw;
        }
    }

    private static async Task<CopyResult> CopyAsync(ChainContext sourceCtx, ChainContext targetCtx, ResolvedService from,
        ResolvedService to, SourceImage image, PromotionTags tags, ManifestContent? dryRunManifest, CancellationToken ct)
    {
        var log = targetCtx.Log;
        var src = sourceCtx.Registry(from.RegistryName);
        var dst = targetCtx.Registry(to.RegistryName);
        var copier = new ImageCopier(log);
        var what = $"{from.ImageRepository}@{image.DigestText} -> {to.ImageRepository}:{tags.Original}, :{tags.Environment}";
        var existing = new Dictionary<string, string?>();
        var known = image.Digest is not null; // false only in a dry run that could not read the source
        // A dry run does not start managed registries; one that does not answer yet is planned for offline.
        var srcUp = !targetCtx.DryRun || dryRunManifest is not null || known && await AnswersAsync(src, log, ct);
        var dstUp = !targetCtx.DryRun || known && await AnswersAsync(dst, log, ct);
        foreach (var tag in known && dstUp ? tags.All : [])
        {
            if (targetCtx.DryRun) log.Detail($"[dry-run] HEAD {dst.Host}/v2/{to.RepositoryPath}/manifests/{tag} (a tag pointing elsewhere stops the promotion)");
            existing[tag] = await dst.HeadManifestAsync(to.RepositoryPath, tag, ct);
            if (existing[tag] is { } other && other != image.DigestText)
                throw new SlipwayException($"Cannot promote {what}: tag {to.ImageRepository}:{tag} already points at {other}; tags never move. " +
                                           $"Fix: find out who pushed {other} there (release ledger of '{targetCtx.Environment}'); promote a newer build instead");
        }

        // A dry run reads (manifests, blob HEADs) to make its plan exact, and writes nothing.
        var options = new CopyOptions
        {
            MountFrom = MountSources.For(targetCtx.Catalog, to),
            DryRun = targetCtx.DryRun,
            DryRunMayRead = srcUp && dstUp,
            SourceManifest = dryRunManifest
                ?? (targetCtx.DryRun && srcUp && !dstUp ? await src.GetManifestAsync(from.RepositoryPath, image.DigestText, ct) : null),
        };
        existing.TryAdd(tags.Original, null);
        existing.TryAdd(tags.Environment, null);
        var copy = existing[tags.Original] is null
            ? await copier.CopyAsync(src, from.RepositoryPath, image.DigestText, dst, to.RepositoryPath, tags.Original, options, ct)
            : new CopyResult(image.DigestText, "", 0, 0, 0, 0, 0, targetCtx.DryRun, []);
        // In a dry run the first copy wrote nothing, so the target cannot be read back: the second tag is only planned.
        if (existing[tags.Environment] is null && options.DryRun)
            log.Detail($"[dry-run] PUT {dst.Host}/v2/{to.RepositoryPath}/manifests/{tags.Environment} (the same bytes again: tag only)");
        else if (existing[tags.Environment] is null)
            await copier.CopyAsync(dst, to.RepositoryPath, image.DigestText, dst, to.RepositoryPath, tags.Environment, options, ct);
        await PromotionSigning.CarryAsync(sourceCtx, targetCtx, from, to, image.Digest, options, ct);
        if (targetCtx.DryRun)
        {
            log.Info($"[{from.Name}] would verify that {to.ImageRepository}:{tags.Original}, :{tags.Environment} and @{image.DigestText} " +
                     $"resolve to {image.DigestText} (HEAD {dst.Host}/v2/{to.RepositoryPath}/manifests/<each>)");
            return copy;
        }

        foreach (var reference in tags.All.Append(image.DigestText))
        {
            var landed = await dst.HeadManifestAsync(to.RepositoryPath, reference, ct);
            if (landed != image.DigestText)
                throw new SlipwayException($"Promotion of {what} did not preserve the image: {to.ImageRepository}:{reference} resolves to " +
                                           $"{landed ?? "nothing"}, not {image.DigestText}. Nothing was deployed. Fix: check the target registry " +
                                           "for a proxy or a concurrent writer, then promote again");
        }
        log.Info($"[{from.Name}] {to.ImageRepository}@{image.DigestText} verified: tags {tags.Original}, {tags.Environment}; " +
                 $"{copy.BlobsSkipped} blobs present, {copy.BlobsMounted} mounted, {copy.BlobsCopied} copied ({copy.BytesCopied} bytes)");
        return copy;
    }

    private static async Task<bool> AnswersAsync(RegistryClient registry, IBuildLog log, CancellationToken ct)
    {
        try
        {
            await registry.PingAsync(ct);
            return true;
        }
        catch (RegistryException ex) when (ex.StatusCode is null)
        {
            log.Info($"registry {registry.Host} does not answer yet (a real run starts managed registries first): planning without reading it, every blob counted as missing");
            return false;
        }
    }

    /// <summary>What deploying a promoted <paramref name="image"/> in the context's environment takes.</summary>
    public static DeployInput DeployInputFor(ChainContext ctx, string service, SourceImage image) => new()
    {
        Settings = ctx.Catalog.Resolve(service, ctx.Environment),
        Tag = image.Tag,
        Digest = image.Digest, // null only in a dry run that could not read the source
        Commit = image.Commit,
    };
}
