using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Images;

/// <summary>
/// Makes sure the engine has the base image. With a recipe (a folder with build.sh, e.g. images/base)
/// an absent image is built from it (debootstrap, then docker import) and the build says so;
/// without one it is pulled from its registry.
/// </summary>
public static class BaseImage
{
    public static async Task<bool> ExistsAsync(IDockerClient docker, string image, CancellationToken ct)
    {
        try { await docker.Images.InspectImageAsync(image, ct); return true; }
        catch (DockerImageNotFoundException) { return false; }
    }

    public static async Task EnsureAsync(IDockerClient docker, string image, string? recipeDirectory, IBuildLog log,
        CancellationToken ct = default)
    {
        if (await ExistsAsync(docker, image, ct)) return;
        if (recipeDirectory is not null)
        {
            var script = Path.Combine(recipeDirectory, "build.sh");
            log.Info($"base image {image} is absent: building it from the recipe {script} (debootstrap + docker import, about a minute)");
            var result = await ProcessRunner.RunAsync("bash", [script, image], recipeDirectory, null, log.Detail, ct);
            result.EnsureSuccess(fix: $"read the recipe output above; the recipe is {script}");
            if (!await ExistsAsync(docker, image, ct))
                throw new SlipwayException($"The base-image recipe {script} finished but the engine has no {image}. Fix: check the script's docker import line.");
            return;
        }
        var (repository, tag) = SplitTag(image);
        log.Info($"pulling base image {image}");
        var progress = new DockerProgress(log);
        await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, new AuthConfig(), progress, ct);
        progress.ThrowIfFailed($"pull of base image {image}");
    }

    private static (string Repository, string? Tag) SplitTag(string image)
    {
        if (image.Contains('@')) return (image, null); // pulled by digest: fromImage carries it
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
