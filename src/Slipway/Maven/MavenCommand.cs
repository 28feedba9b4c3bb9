using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Maven;

/// <summary>The Maven command line for a service's build type, as an argument array.</summary>
public static class MavenCommand
{
    public const string Program = "mvn";

    /// <summary>
    /// single: <c>mvn -B clean package</c>; module: <c>mvn -B clean install -pl MODULE -am</c>
    /// (the source practice's sub-module build), then the catalog's extra arguments.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string service, BuildSpec build, string? settingsFile)
    {
        var args = new List<string> { "-B", "-ntp" };
        if (settingsFile is not null) args.AddRange(["-s", settingsFile]);
        switch (build.Type)
        {
            case "single":
                args.AddRange(["clean", "package"]);
                break;
            case "module" when !string.IsNullOrWhiteSpace(build.Module):
                args.AddRange(["clean", "install", "-pl", build.Module!, "-am"]);
                break;
            case "module":
                throw SlipwayException.Input($"services.{service}.build.module", "build type 'module' needs a module",
                    "set \"module\" to the Maven module (artifactId folder) to build");
            default:
                throw SlipwayException.Input($"services.{service}.build.type", $"unknown build type '{build.Type}'",
                    "use \"single\" or \"module\"");
        }
        args.AddRange(build.MavenArgs);
        return args;
    }
}
