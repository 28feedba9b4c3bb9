using System.Text;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Provisioning;

namespace Slipway.Builder;

/// <summary>
/// The builder image: the base image plus what the chain needs (MachineSetup.ChainPackages: git, a JDK, Maven
/// and Debian's Maven plugins, docker.io for the /usr/bin/docker client, docker-registry, debootstrap), Maven's
/// global settings pointing at Debian's repository, Slipway published self-contained in /opt/slipway/bin,
/// and the .NET runtime and gitversion.dll that GitVersion's engine runs on. Run it with the engine's socket
/// mounted and host networking:
/// <c>docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock -v $PWD:$PWD -w $PWD IMAGE Deploy --env local</c>.
/// </summary>
public static class BuilderImageRecipe
{
    /// <summary>The chain's packages plus ICU, which .NET (Slipway and GitVersion's engine) needs for globalization.</summary>
    public static IReadOnlyList<string> Packages => [.. MachineSetup.ChainPackages, "libicu72"];

    /// <summary>The shell script run as root in a container of the base image: the packages, then apt's caches removed.</summary>
    // the base drops man pages; the JDK's postinst registers man pages with update-alternatives and fails without man1
    public static string InstallScript => "set -e; mkdir -p /usr/share/man/man1; apt-get update -qq; " +
        "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends " + string.Join(' ', Packages) +
        " >/tmp/apt.log 2>&1 || { tail -n 40 /tmp/apt.log; exit 1; }; rm -f /tmp/apt.log; apt-get clean; rm -rf /var/lib/apt/lists/*";

    /// <summary>The image metadata, as docker commit --change instructions.</summary>
    public static IReadOnlyList<string> Changes =>
    [
        "USER root",
        "ENV PATH=/opt/slipway/bin:/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "ENV DOTNET_ROOT=/usr/share/dotnet NUGET_PACKAGES=/opt/slipway/nuget DOTNET_CLI_TELEMETRY_OPTOUT=1 SLIPWAY_BUILDER=1",
        "WORKDIR /",
        "ENTRYPOINT [\"/usr/bin/dumb-init\", \"--\", \"/opt/slipway/bin/_build\"]",
        "CMD [\"--help\"]",
    ];

    /// <summary>
    /// The docker CLI calls that make the image: a named container of the base runs the install (host networking, so
    /// apt-get reaches the mirror), the staged tree is copied in, and the container is committed with the metadata.
    /// No classic-builder intermediates: on a shared engine another client's image prune deletes those mid-build.
    /// </summary>
    public static IReadOnlyList<string[]> Commands(string baseImage, string tag, string container, string stagedRoot) =>
    [
        ["create", "--name", container, "--network", "host", "--user", "root", "--entrypoint", "/bin/bash", baseImage, "-c", InstallScript],
        ["start", "-a", container],
        ["cp", stagedRoot.TrimEnd('/') + "/.", container + ":/"],
        ["commit", .. Changes.SelectMany(c => new[] { "--change", c }), "--message", "slipway builder image", container, tag],
        ["rm", "-f", container],
    ];

    /// <summary>
    /// Stages the tree copied into the image in <paramref name="context"/>/root/: (Slipway published self-contained,
    /// the dotnet host and shared runtime, gitversion.dll, Maven settings).
    /// </summary>
    public static async Task StageAsync(string repoRoot, string baseImage, string context, IBuildLog log, CancellationToken ct = default)
    {
        var root = Path.Combine(context, "root");
        var bin = Path.Combine(root, "opt", "slipway", "bin");
        Directory.CreateDirectory(bin);
        log.Info("publishing Slipway self-contained (dotnet publish build/_build.csproj -r linux-x64 --self-contained)");
        var publish = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(repoRoot, "build", "_build.csproj"), "-r", "linux-x64", "--self-contained", "-c", "Release",
             "-o", bin, "-nologo", "--verbosity", "quiet"], repoRoot, null, log.Detail, ct);
        publish.EnsureSuccess(fix: "check that the NuGet feed serves the linux-x64 runtime pack");
        File.CreateSymbolicLink(Path.Combine(bin, "slipway"), "_build");

        var dotnetRoot = DotnetRoot();
        var runtime = Directory.GetDirectories(Path.Combine(dotnetRoot, "shared", "Microsoft.NETCore.App"))
            .Where(d => Path.GetFileName(d).StartsWith("10.", StringComparison.Ordinal))
            .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
            .LastOrDefault()
            ?? throw new SlipwayException($"No .NET 10 runtime under {dotnetRoot}/shared/Microsoft.NETCore.App. Fix: install the SDK global.json names.");
        var dotnetTarget = Path.Combine(root, "usr", "share", "dotnet");
        Copy(Path.Combine(dotnetRoot, "dotnet"), Path.Combine(dotnetTarget, "dotnet"));
        CopyTree(Path.Combine(dotnetRoot, "host"), Path.Combine(dotnetTarget, "host"));
        CopyTree(runtime, Path.Combine(dotnetTarget, "shared", "Microsoft.NETCore.App", Path.GetFileName(runtime)));

        var gitVersion = Path.GetDirectoryName(Versioning.GitVersionRunner.LocateDll(null))!;
        CopyTree(gitVersion, Path.Combine(root, "opt", "slipway", "nuget", "gitversion.msbuild", Versioning.GitVersionRunner.PackageVersion, "tools", "net10.0"));
        Copy(Path.Combine(repoRoot, "samples", "maven", "settings.xml"), Path.Combine(root, "etc", "maven", "settings.xml"));
    }

    /// <summary>Builds the image (see <see cref="Commands"/>); the container is removed whatever happens.</summary>
    public static async Task BuildAsync(string repoRoot, string baseImage, string tag, IBuildLog log, CancellationToken ct = default)
    {
        var context = Directory.CreateTempSubdirectory("slipway-builder-").FullName;
        var container = "slipway-builder-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await StageAsync(repoRoot, baseImage, context, log, ct);
            log.Info($"building {tag} from {baseImage}: apt-get install in container {container}, copy the staged tree, commit");
            foreach (var args in Commands(baseImage, tag, container, Path.Combine(context, "root")))
            {
                var result = await ProcessRunner.RunAsync(Docker, args, context, null, log.Detail, ct);
                result.EnsureSuccess(fix: "read the output above (apt-get needs the Debian mirror over host networking)");
            }
        }
        finally
        {
            await ProcessRunner.RunAsync(Docker, ["rm", "-f", container], null, null, null, CancellationToken.None);
            Directory.Delete(context, recursive: true);
        }
    }

    private const string Docker = "/usr/bin/docker";

    private static string DotnetRoot()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } env && File.Exists(Path.Combine(env, "dotnet"))) return env;
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : null;
        host ??= (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists);
        if (host is null) throw new SlipwayException("No dotnet on PATH to take the runtime from. Fix: run through ./build.sh, which installs the SDK.");
        return Path.GetDirectoryName(new FileInfo(host).ResolveLinkTarget(true)?.FullName ?? host)!;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(to, File.GetUnixFileMode(from));
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
