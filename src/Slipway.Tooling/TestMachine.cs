using Slipway.Provisioning;

namespace Slipway.Tooling;

/// <summary>What a machine that runs the tests needs on top of the chain's packages.</summary>
public static class TestMachine
{
    /// <summary>
    /// The chain's packages, an independent registry client, sshd, htpasswd, a headless browser for the status page, and
    /// nginx serving the authenticated Maven repository (the tests run it in the foreground on a loopback port).
    /// </summary>
    public static IReadOnlyList<string> Packages => KubectlPresent() ? Always : [.. Always, "kubernetes-client"];

    private static readonly IReadOnlyList<string> Always =
        [.. MachineSetup.ChainPackages, "skopeo", "openssl", "openssh-server", "openssh-client", "apache2-utils", "chromium", "fonts-dejavu-core", "nginx"];

    /// <summary>
    /// kubectl is the oracle of the Kubernetes conformance tests. A machine without one gets Debian's kubernetes-client
    /// (1.20: older than the 1.32 the table is written against, so a row may fail with it, naming what kubectl printed).
    /// </summary>
    private static bool KubectlPresent() =>
        new[] { "/usr/bin", "/usr/local/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "kubectl")));
}
