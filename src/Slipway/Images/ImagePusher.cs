using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Diagnostics;

namespace Slipway.Images;

/// <summary>Tags a local image for a registry repository and pushes it through the engine.</summary>
public static class ImagePusher
{
    /// <returns>The manifest digest the engine reports for the pushed tag.</returns>
    public static async Task<string> PushAsync(IDockerClient docker, string imageId, string repository, string tag,
        AuthConfig auth, IBuildLog log, CancellationToken ct = default)
    {
        await docker.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, ct);
        log.Info($"pushing {repository}:{tag}");
        var progress = new DockerProgress(log);
        // dockerd rejects a push without an X-Registry-Auth header, so auth is never null.
        await docker.Images.PushImageAsync($"{repository}:{tag}", new ImagePushParameters { Tag = tag }, auth, progress, ct);
        progress.ThrowIfFailed($"push of {repository}:{tag}");
        return progress.PushedDigest
            ?? throw new SlipwayException($"push of {repository}:{tag} reported no digest. Fix: check the engine log.");
    }
}
