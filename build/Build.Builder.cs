using Slipway.Builder;
using Slipway.Engine;

namespace Slipway.Build;

partial class Build
{
    [Parameter("Tag of the builder image the BuilderImage target builds")]
    public string BuilderTag = "slipway/builder:bookworm";

    Target BuilderImage => _ => _
        .Description("Build the builder image: the base image + git, JDK, Maven (Debian repository), docker client, Slipway self-contained")
        .DependsOn(Setup)
        .Executes(() => BuilderImageMaker.MakeAsync(LoadedCatalog, RootDirectory, BuilderTag, DryRun, Log));
}
