using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Signing;

/// <summary>
/// Carries an image's cosign attachments (<c>.sig</c>, <c>.att</c>) to another repository with it: a target without them
/// gets the identical manifest through <see cref="ImageCopier"/> (same registry: mounts; another: missing blobs only); a
/// target that already has some gets the source's missing layers appended (what it has is kept).
/// </summary>
public static class AttachmentCarrier
{
    /// <summary>Carries every attachment tag of <paramref name="digest"/>; returns the tags carried.</summary>
    public static async Task<IReadOnlyList<string>> CarryAsync(RegistryClient src, string srcRepo, RegistryClient dst, string dstRepo,
        Digest digest, CopyOptions options, IBuildLog log, CancellationToken ct)
    {
        var carried = new List<string>();
        foreach (var tag in CosignTags.All(digest))
        {
            if (options.DryRun)
            {
                log.Info($"would carry {src.Host}/{srcRepo}:{tag} to {dst.Host}/{dstRepo} when it exists (cosign attachments travel with the image)");
                continue;
            }
            var have = await src.HeadManifestAsync(srcRepo, tag, ct);
            if (have is null) continue;
            var there = await dst.HeadManifestAsync(dstRepo, tag, ct);
            if (there == have) { carried.Add(tag); continue; }
            if (there is null)
                await new ImageCopier(log).CopyAsync(src, srcRepo, tag, dst, dstRepo, tag, options with { SourceManifest = null }, ct);
            else
            {
                var source = await AttachmentManifest.ReadAsync(src, srcRepo, tag, ct) ?? [];
                var target = await AttachmentManifest.ReadAsync(dst, dstRepo, tag, ct) ?? [];
                var missing = source.Where(s => !target.Any(t => t.SameAs(s))).ToList();
                if (missing.Count > 0) await AttachmentManifest.WriteAsync(dst, dstRepo, tag, [.. target, .. missing], ct);
            }
            carried.Add(tag);
        }
        return carried;
    }
}
