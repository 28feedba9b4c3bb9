using Docker.DotNet.Models;
using Slipway.Chain;
using Slipway.Deploy.Docker;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Registry;
using Slipway.Releases;
using Slipway.Signing;

namespace Slipway.Pipeline;

/// <summary>
/// Push: the assembled image straight to the registry (missing blobs only, then the manifest) under the
/// date-based tag and the immutable per-commit reference. A tag that already points at another digest is never moved; the tag
/// is read back right after its PUT, and a push whose tag another push moved meanwhile fails (<see cref="TagMovedException"/>).
/// </summary>
public static class PushStep
{
    /// <summary>
    /// Pushes and records the push (succeeded or failed) in the release ledger. When the registry cannot be reached (or keeps
    /// answering 5xx/429 through the retries) and <c>--distribution auto</c> can deliver over SSH
    /// (<see cref="ImageDistribution.CanDeliverWithoutTheRegistry"/>), the failed push is recorded and logged but does not stop
    /// the chain: Deploy sends the image from the build engine instead.
    /// </summary>
    public static async Task RunAsync(ChainContext ctx, ServiceRun run, CancellationToken ct = default)
    {
        try
        {
            await ChainLedger.RecordAsync(ctx, result => ChainLedger.EntryFor(ctx, run, LedgerActions.Push, result), () => PushAsync(ctx, run, ct), () => !run.Reused, ct);
        }
        catch (RegistryException ex) when (ex.IsTransient && ImageDistribution.CanDeliverWithoutTheRegistry(ctx, run.Image))
        {
            run.PushFailed = true;
            ctx.Log.Warn($"[{run.Service}] {ex.Message}");
            ctx.Log.Warn($"[{run.Service}] --distribution auto: the registry never got {run.Settings.ImageRepository}:{run.Tag}; " +
                         $"Deploy delivers it to the hosts of '{ctx.Environment}' over SSH from the build engine (push recorded as failed)");
        }
    }

    private static async Task PushAsync(ChainContext ctx, ServiceRun run, CancellationToken ct)
    {
        var settings = run.Settings;
        if (run.Reused)
        {
            ctx.Log.Info($"[{run.Service}] nothing to push: {settings.ImageRepository}@{run.Digest} (tag {run.Tag}) is already there");
            await ImageSigning.SignAsync(ctx, settings, run.Digest, ct);
            return;
        }
        if (ctx.DryRun)
        {
            ctx.Log.Info($"[{run.Service}] would push {settings.ImageRepository}:{run.Tag} and " +
                         $"{settings.ImageRepository}:{run.BuildKey} to {ctx.Catalog.Registries[settings.RegistryName].Url}, " +
                         "refusing to move an existing tag: HEAD each blob, mount the base layers from the base repository, " +
                         "upload the missing app layers and the config, PUT the schema 2 manifest under the date tag and read the tag " +
                         "back (a tag another push moved meanwhile fails this push), then under the per-commit reference" +
                         (ImageDistribution.SshCanStandIn(ctx)
                             ? "; if the registry cannot be reached, record the push as failed and let Deploy load the image into the " +
                               "build engine and deliver it over SSH (--distribution auto)"
                             : ""));
            await ImageSigning.SignAsync(ctx, settings, null, ct);
            await ImageSigning.AttestAsync(ctx, settings, null, BuildAttestations.Planned, ct);
            return;
        }

        var registry = ctx.Registry(settings.RegistryName);
        var repo = settings.RepositoryPath;
        var image = run.Image!;
        if (await registry.HeadManifestAsync(repo, run.Tag!, ct) is { } taken && taken != image.Digest)
            throw new SlipwayException($"Tag {settings.ImageRepository}:{run.Tag} already points at {taken}, not at this build ({image.Digest}); " +
                                       "tags never move. Fix: run the build again (a new build time gives a new tag).");

        ctx.Log.Info($"[{run.Service}] pushing {settings.ImageRepository}:{run.Tag} straight to the registry");
        PublishResult moved;
        string digest;
        try
        {
            moved = await AppImagePublisher.PushBlobsAsync(registry, repo, image, ctx.Log, ct);
            digest = await AppImagePublisher.PutAsync(registry, repo, run.Tag!, image, ct);
        }
        catch (RegistryException ex) when (ex.StatusCode is null)
        {
            // Blobs go first and the registry checks them on the manifest PUT, so no tag points at a half-pushed image.
            throw ex.WithMessage(
                $"Push of {settings.ImageRepository}:{run.Tag} to registry '{settings.RegistryName}' ({registry.BaseUri}) did not finish: " +
                $"{ex.Message}. No tag was written, so nothing points at a half-pushed image. " +
                "Fix: bring the registry back, then run Push again (blobs that arrived are not uploaded again)");
        }
        // No compare-and-set on tags: a concurrent push of the same tag is caught by reading it back before anything else.
        await registry.VerifyTagAsync(repo, run.Tag!, digest, ct);
        ctx.Log.Info($"[{run.Service}] blobs: {moved.BlobsPresent} already there, {moved.BlobsMounted} mounted from {image.Base.Repository}, " +
                     $"{moved.BlobsUploaded} uploaded ({moved.BytesUploaded} bytes)");
        var keyDigest = await registry.HeadManifestAsync(repo, run.BuildKey!, ct);
        if (keyDigest is null)
            await AppImagePublisher.PutAsync(registry, repo, run.BuildKey!, image, ct);
        else if (keyDigest != digest)
            ctx.Log.Warn($"[{run.Service}] {run.BuildKey} keeps pointing at {keyDigest} (tags never move); the new image is {digest}");

        run.Digest = Digest.Parse(digest, $"the registry's digest of {settings.ImageRepository}:{run.Tag}");
        ctx.Log.Info($"[{run.Service}] pushed {settings.ImageRepository}:{run.Tag} = {digest} (read back from the registry)");
        await ImageSigning.SignAsync(ctx, settings, run.Digest, ct);
        await ImageSigning.AttestAsync(ctx, settings, run.Digest, BuildAttestations.For(ctx, run), ct);
    }
}
