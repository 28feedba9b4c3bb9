using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Images;

namespace Slipway.Locking;

/// <summary>
/// The image lock containers are created from: no file at all, imported from an empty tar (the engine's image import,
/// as <c>docker import</c>), with a Cmd only because an engine refuses to create a container without one; lock
/// containers are never started. Imported on an engine the first time a lock finds it missing.
/// </summary>
public static class LockImage
{
    public const string Name = "slipway/lock:1";

    /// <summary>Imports <paramref name="image"/> (repository:tag) into <paramref name="docker"/>.</summary>
    public static async Task ImportAsync(IDockerClient docker, string image, IBuildLog log, CancellationToken ct)
    {
        var colon = image.LastIndexOf(':');
        // An empty tar archive is its end marker alone: two 512-byte blocks of zeros.
        using var emptyTar = new MemoryStream(new byte[1024], writable: false);
        var progress = new DockerProgress(log);
        await docker.Images.CreateImageAsync(
            new ImagesCreateParameters { Repo = image[..colon], Tag = image[(colon + 1)..], Changes = ["CMD [\"/slipway-lock\"]"] },
            emptyTar, new AuthConfig(), new Dictionary<string, string>(), progress, ct);
        progress.ThrowIfFailed($"import of the deploy lock image {image}");
    }
}
