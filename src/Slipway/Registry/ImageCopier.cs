using Slipway.Diagnostics;

namespace Slipway.Registry;

/// <summary>Options of <see cref="ImageCopier.CopyAsync"/>.</summary>
public sealed record CopyOptions
{
    /// <summary>Plan only: no write call (POST/PUT/PATCH/DELETE) is made; <see cref="CopyResult.Calls"/> lists what would be done.</summary>
    public bool DryRun { get; init; }
    /// <summary>
    /// In a dry run, allow read calls (GET manifest, HEAD blobs) to make the plan exact. When false the dry run is
    /// offline: it needs <see cref="SourceManifest"/> for a complete plan and assumes every blob is missing in the target.
    /// </summary>
    public bool DryRunMayRead { get; init; }
    /// <summary>The source manifest when already in hand (saves the GET; enables offline dry runs).</summary>
    public ManifestContent? SourceManifest { get; init; }
    /// <summary>
    /// Other repositories of the target registry that may hold the image's blobs (a base repository, other services'):
    /// a blob the target repository lacks is mounted from the first of them that has it (HEAD) before it is streamed.
    /// </summary>
    public IReadOnlyList<string> MountFrom { get; init; } = [];
}

/// <summary>What a copy did (or, in a dry run, would do).</summary>
/// <param name="Digest">Manifest digest, identical in source and target.</param>
/// <param name="MediaType">Manifest media type.</param>
/// <param name="BlobsSkipped">Blobs the target already had (HEAD 200).</param>
/// <param name="BlobsMounted">Blobs mounted (no bytes moved) from the source repository (same registry) or from one of
/// <see cref="CopyOptions.MountFrom"/> in the target registry.</param>
/// <param name="BlobsCopied">Blobs streamed from source to target.</param>
/// <param name="BytesCopied">Blob bytes streamed (sum of the copied blobs' sizes).</param>
/// <param name="ManifestsPut">Manifests written (1, plus children of an index).</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="Calls">Every registry call made (or planned), e.g. "HEAD 127.0.0.1:5056/v2/ncerepo/x/blobs/sha256:…".</param>
public sealed record CopyResult(
    string Digest, string MediaType, int BlobsSkipped, int BlobsMounted, int BlobsCopied, long BytesCopied,
    int ManifestsPut, bool DryRun, IReadOnlyList<string> Calls);

/// <summary>
/// The promotion primitive: copies an image (or a multi-platform index and its children) between repositories
/// and registries keeping the manifest digest. Blobs present in the target are skipped, blobs in the same registry
/// or in another repository of the target registry (<see cref="CopyOptions.MountFrom"/>) are mounted, the rest are
/// streamed source-to-target without temp files; manifests are PUT as the identical bytes.
/// </summary>
public sealed class ImageCopier
{
    private readonly IBuildLog? _log;

    /// <summary>Creates a copier reporting progress to <paramref name="log"/> (optional).</summary>
    public ImageCopier(IBuildLog? log = null) => _log = log;

    /// <summary>
    /// Copies <paramref name="srcRepo"/>:<paramref name="srcRef"/> (tag or digest) from <paramref name="src"/> to
    /// <paramref name="dstRepo"/>:<paramref name="dstTag"/> on <paramref name="dst"/> (may be the same client).
    /// Fails loudly when the target digest differs from the source digest.
    /// </summary>
    public async Task<CopyResult> CopyAsync(RegistryClient src, string srcRepo, string srcRef,
        RegistryClient dst, string dstRepo, string dstTag, CopyOptions? options = null, CancellationToken ct = default)
    {
        var run = new Run(src, srcRepo, dst, dstRepo, options ?? new CopyOptions(), _log, ct);
        var (digest, mediaType) = await run.CopyManifestAsync(srcRef, dstTag, run.Options.SourceManifest);
        var verb = run.Options.DryRun ? "would copy" : "copied";
        _log?.Info($"{verb} {src.Describe(srcRepo, srcRef)} -> {dst.Describe(dstRepo, dstTag)} ({digest}): " +
                   $"{run.Skipped} blobs present, {run.Mounted} mounted, {run.Copied} copied ({run.Bytes} bytes)");
        return new CopyResult(digest, mediaType, run.Skipped, run.Mounted, run.Copied, run.Bytes, run.ManifestsPut,
            run.Options.DryRun, run.Calls);
    }

    /// <summary>State of one copy: counters, the call list and blobs already handled.</summary>
    private sealed class Run(RegistryClient src, string srcRepo, RegistryClient dst, string dstRepo, CopyOptions options, IBuildLog? log, CancellationToken ct)
    {
        public CopyOptions Options => options;
        public int Skipped, Mounted, Copied, ManifestsPut;
        public long Bytes;
        public List<string> Calls { get; } = [];
        private readonly HashSet<string> _done = [];
        private string? _lastHolder;
        private bool CanRead => !options.DryRun || options.DryRunMayRead;
        private bool SameRegistry => src.BaseUri == dst.BaseUri;

        private void Plan(RegistryClient client, string method, string path)
        {
            var call = $"{method} {client.Host}/v2/{path}";
            Calls.Add(call);
            log?.Detail((options.DryRun ? "[dry-run] " : "") + call);
        }

        public async Task<(string Digest, string MediaType)> CopyManifestAsync(string srcRef, string dstRef, ManifestContent? known)
        {
            var manifest = known;
            if (manifest is null)
            {
                Plan(src, "GET", $"{srcRepo}/manifests/{srcRef}");
                if (!CanRead)
                {
                    Calls.Add($"# offline dry run: blobs of {src.Describe(srcRepo, srcRef)} are listed once its manifest is known (pass SourceManifest or allow reads)");
                    Plan(dst, "PUT", $"{dstRepo}/manifests/{dstRef}");
                    return (Digests.IsValid(srcRef) ? srcRef : "(unknown: manifest not read)", "");
                }
                manifest = await src.GetManifestAsync(srcRepo, srcRef, ct);
            }
            var model = ManifestModel.Parse(manifest);
            if (model.IsIndex)
                foreach (var child in model.Manifests)
                    await CopyManifestAsync(child.Digest, child.Digest, null);
            else
                foreach (var blob in model.Blobs)
                    await CopyBlobAsync(blob);

            Plan(dst, "PUT", $"{dstRepo}/manifests/{dstRef}");
            if (options.DryRun) return (manifest.Digest, manifest.MediaType);
            var written = await dst.PutManifestAsync(dstRepo, dstRef, manifest.Bytes, manifest.MediaType, ct);
            ManifestsPut++;
            if (written != manifest.Digest)
                throw new SlipwayException($"copy {src.Describe(srcRepo, srcRef)} -> {dst.Describe(dstRepo, dstRef)}: " +
                    $"target digest {written} differs from source digest {manifest.Digest}; the promotion did not preserve the image");
            return (manifest.Digest, manifest.MediaType);
        }

        private async Task CopyBlobAsync(Descriptor blob)
        {
            if (!_done.Add(blob.Digest)) return;
            Plan(dst, "HEAD", $"{dstRepo}/blobs/{blob.Digest}");
            if (CanRead && await dst.BlobExistsAsync(dstRepo, blob.Digest, ct))
            {
                Skipped++;
                return;
            }
            if (SameRegistry && srcRepo != dstRepo)
            {
                Plan(dst, "POST", $"{dstRepo}/blobs/uploads/?mount={blob.Digest}&from={srcRepo}");
                if (options.DryRun) { Mounted++; return; }
                if (await dst.MountBlobAsync(dstRepo, blob.Digest, srcRepo, ct))
                {
                    Mounted++;
                    return;
                }
                log?.Detail($"mount of {blob.Digest} into {dstRepo} refused, streaming it instead");
            }
            if (await MountFromTargetAsync(blob)) return;
            Plan(src, "GET", $"{srcRepo}/blobs/{blob.Digest}");
            Plan(dst, "POST", $"{dstRepo}/blobs/uploads/");
            Plan(dst, "PUT", $"{dstRepo}/blobs/uploads/<session>?digest={blob.Digest}");
            Copied++;
            Bytes += Math.Max(0, blob.Size);
            if (options.DryRun) return;
            var size = blob.Size;
            await dst.UploadBlobAsync(dstRepo, blob.Digest, async token =>
            {
                var stream = await src.OpenBlobAsync(srcRepo, blob.Digest, token);
                return stream;
            }, size, ct);
        }

        /// <summary>Mounts <paramref name="blob"/> from the first repository of <see cref="CopyOptions.MountFrom"/> that has it.</summary>
        private async Task<bool> MountFromTargetAsync(Descriptor blob)
        {
            if (!CanRead) return false; // an offline dry run cannot know where a blob is
            // The repository that held the last blob likely holds the next (a base image's layers travel together).
            var holders = (_lastHolder is null ? options.MountFrom : options.MountFrom.Prepend(_lastHolder))
                .Where(r => r != dstRepo && !(SameRegistry && r == srcRepo)).Distinct();
            foreach (var holder in holders)
            {
                Plan(dst, "HEAD", $"{holder}/blobs/{blob.Digest}");
                if (!await HoldsAsync(holder, blob.Digest)) continue;
                Plan(dst, "POST", $"{dstRepo}/blobs/uploads/?mount={blob.Digest}&from={holder}");
                if (options.DryRun || await dst.MountBlobAsync(dstRepo, blob.Digest, holder, ct))
                {
                    _lastHolder = holder;
                    Mounted++;
                    return true;
                }
            }
            return false;
        }

        /// <summary>HEAD in another repository; one this client may not read (401/403) holds nothing for it.</summary>
        private async Task<bool> HoldsAsync(string repo, string digest)
        {
            try { return await dst.BlobExistsAsync(repo, digest, ct); }
            catch (RegistryException e) when (e.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                log?.Detail($"cannot read {repo} in {dst.Host} ({(int)e.StatusCode}): not mounting from it");
                return false;
            }
        }
    }
}
