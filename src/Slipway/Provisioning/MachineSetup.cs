using Slipway.Diagnostics;

namespace Slipway.Provisioning;

/// <summary>
/// What a build machine needs, as Debian packages, and the servers it starts. On a fresh Debian 12
/// machine as root the build installs and starts all of it; elsewhere it prints the exact commands.
/// </summary>
public static class MachineSetup
{
    /// <summary>The chain: git, Maven offline from Debian's repository, the Docker engine, the base-image recipe.</summary>
    public static readonly IReadOnlyList<string> ChainPackages =
    [
        "git", "ca-certificates", "docker.io", "docker-registry", "debootstrap",
        "maven", "openjdk-17-jdk-headless", "junit5", "libjakarta-servlet-api-java",
        "libmaven-clean-plugin-java", "libmaven-resources-plugin-java", "libmaven-compiler-plugin-java",
        "libmaven-jar-plugin-java", "libmaven-war-plugin-java", "libmaven-install-plugin-java",
    ];

    /// <summary>
    /// Installs <paramref name="packages"/> and starts dockerd; with <paramref name="engine"/> false (a run that needs no engine)
    /// neither docker.io nor dockerd, so the run works on a machine that has no Docker engine at all.
    /// </summary>
    public static async Task EnsureAsync(IReadOnlyList<string> packages, string stateDirectory, IBuildLog log, bool dryRun,
        CancellationToken ct = default, bool engine = true)
    {
        if (!OperatingSystem.IsLinux())
            throw new SlipwayException("Slipway's local set-up runs on Debian/Ubuntu Linux only. " +
                                       $"Fix: install {string.Join(' ', packages)} and start dockerd yourself, or run it in the builder image.");
        await DebianPackages.EnsureAsync(engine ? packages : packages.Where(p => p != EnginePackage).ToList(), log, dryRun, ct);
        if (engine) await DockerEngine.EnsureRunningAsync(Path.Combine(stateDirectory, "daemons"), log, dryRun, ct);
        else log.Info("no Docker engine needed: every selected service's base image is read from a registry and no target runs an engine");
    }

    private const string EnginePackage = "docker.io";
}
