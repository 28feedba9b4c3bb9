using Slipway.Builder;
using Slipway.Chain;
using Slipway.Engine;
using Slipway.Images;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Tag of the builder image the BuilderImage target builds")]
    public string BuilderTag = "slipway/builder:bookworm";

    Target BuilderImage => _ => _
        .Description("Build the builder image: the base image + git, JDK, Maven (Debian repository), docker client, Slipway self-contained")
        .DependsOn(Setup)
        .Executes(async () =>
        {
            var catalog = LoadedCatalog;
            var spec = catalog.BaseImages[catalog.Defaults.BaseImage];
            if (DryRun)
            {
                Log.Info($"would publish build/_build.csproj self-contained (linux-x64) and stage it with the .NET runtime, " +
                         $"gitversion.dll and samples/maven/settings.xml in <temp>/root, then run:");
                foreach (var args in BuilderImageRecipe.Commands(spec.Image, BuilderTag, "slipway-builder-<id>", "<temp>/root"))
                    Log.Info("    " + Slipway.Processes.ProcessRunner.Describe("/usr/bin/docker", args));
                return;
            }
            using var docker = Chain.DockerClients.Connect(Provisioning.DockerEngine.DefaultSocket, null);
            await BaseImage.EnsureAsync(docker, spec.Image, spec.Recipe is { } r ? Path.GetFullPath(r, catalog.BaseDirectory) : null, Log);
            await BuilderImageRecipe.BuildAsync(RootDirectory, spec.Image, BuilderTag, Log);
            Log.Info($"built {BuilderTag}; run the chain in it with: docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock " +
                     $"-v \"$PWD:$PWD\" -w \"$PWD\" {BuilderTag} Deploy --env local");
        });
}
