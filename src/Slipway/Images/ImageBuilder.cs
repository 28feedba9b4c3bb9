using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;

namespace Slipway.Images;

/// <summary>Builds an image from a tar context through the engine API, with host networking.</summary>
public static class ImageBuilder
{
    /// <returns>The image ID (sha256:...).</returns>
    public static async Task<string> BuildAsync(IDockerClient docker, Stream context, IReadOnlyList<string> tags,
        IBuildLog log, CancellationToken ct = default)
    {
        var progress = new DockerProgress(log);
        var parameters = new ImageBuildParameters
        {
            Dockerfile = "Dockerfile",
            Tags = tags.ToList(),
            NetworkMode = "host",
            Remove = true,
            ForceRemove = true,
        };
        await docker.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, progress, ct);
        progress.ThrowIfFailed($"docker build of {string.Join(", ", tags)}");
        var inspected = await docker.Images.InspectImageAsync(tags[0], ct);
        return inspected.ID;
    }
}
