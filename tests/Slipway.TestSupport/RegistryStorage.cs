using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>
/// Reads a test registry's filesystem storage directly, to see what the HTTP API hides: upload sessions in flight and
/// manifests that no tag points at.
/// </summary>
public static class RegistryStorage
{
    private static string Repositories(TestRegistry registry) =>
        Path.Combine(registry.DataDirectory, "storage", "docker", "registry", "v2", "repositories");

    /// <summary>Waits (deadline 30 s) until the registry has written bytes of an upload session of <paramref name="repo"/> to disk.</summary>
    public static async Task WaitForUploadDataAsync(TestRegistry registry, string repo)
    {
        var uploads = Path.Combine(Repositories(registry), repo, "_uploads");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "data", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no upload of {repo} reached the registry's storage ({uploads})");
            await Task.Delay(20);
        }
    }

    /// <summary>Every manifest revision the registry stores, tagged or not, as (repository, digest).</summary>
    public static IReadOnlyList<(string Repository, string Digest)> Manifests(TestRegistry registry)
    {
        var root = Repositories(registry);
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root, "revisions", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(Path.GetDirectoryName(d)) == "_manifests")
            .SelectMany(revisions => Directory.EnumerateDirectories(Path.Combine(revisions, "sha256")).Select(digest => (
                Path.GetRelativePath(root, Path.GetDirectoryName(Path.GetDirectoryName(revisions))!),
                "sha256:" + Path.GetFileName(digest))))
            .ToList();
    }

    /// <summary>The blobs (config and layers) of stored manifests that the registry cannot serve, as "repo@manifest -> blob".</summary>
    public static async Task<IReadOnlyList<string>> DanglingBlobsAsync(TestRegistry registry, RegistryClient client)
    {
        var missing = new List<string>();
        foreach (var (repo, digest) in Manifests(registry))
        {
            var manifest = ManifestModel.Parse(await client.GetManifestAsync(repo, digest));
            foreach (var blob in manifest.Blobs)
                if (!await client.BlobExistsAsync(repo, blob.Digest))
                    missing.Add($"{repo}@{digest} -> {blob.Digest}");
        }
        return missing;
    }
}
