using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Images;
using Slipway.Processes;

namespace Slipway.Builder;

/// <summary>Makes the builder image on this machine's engine: the catalog's default base image first, then the recipe on top.</summary>
public static class BuilderImageMaker
{
    public static async Task MakeAsync(Catalog.Catalog catalog, string repoRoot, string tag, bool dryRun, IBuildLog log)
    {
        var spec = catalog.BaseImages[catalog.Defaults.BaseImage];
        // A base read from a registry is pulled by the engine from there (the builder is a docker build FROM it).
        var image = spec.Registry is { } registry ? $"{RegistryAddress.HostOf(catalog.Registries[registry].Url)}/{spec.Image}" : spec.Image;
        if (dryRun)
        {
            DescribeDryRun(image, tag, log);
            return;
        }
        using var docker = DockerClients.Connect(DockerClients.DefaultSocket, null);
        await BaseImage.EnsureAsync(docker, image, spec.Recipe is { } r ? Path.GetFullPath(r, catalog.BaseDirectory) : null, log);
        await BuilderImageRecipe.BuildAsync(repoRoot, image, tag, log);
        log.Info($"built {tag}; run the chain in it with: docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock " +
                 $"-v \"$PWD:$PWD\" -w \"$PWD\" {tag} Deploy --env local");
    }

    private static void DescribeDryRun(string baseImage, string tag, IBuildLog log)
    {
        log.Info($"would publish build/_build.csproj self-contained (linux-x64) and stage it with the .NET runtime, " +
                 $"gitversion.dll and samples/maven/settings.xml in <temp>/root, then run:");
        foreach (var args in BuilderImageRecipe.Commands(baseImage, tag, "slipway-builder-<id>", "<temp>/root"))
            log.Info("    " + ProcessRunner.Describe("/usr/bin/docker", args));
    }
}
