using Slipway.Provisioning;

namespace Slipway.Tooling;

/// <summary>What a machine that runs the tests needs on top of the chain's packages.</summary>
public static class TestMachine
{
    /// <summary>
    /// The chain's packages, an independent registry client, sshd, htpasswd, a headless browser for the status page, and
    /// nginx serving the authenticated Maven repository (the tests run it in the foreground on a loopback port).
    /// </summary>
    public static readonly IReadOnlyList<string> Packages =
        [.. MachineSetup.ChainPackages, "skopeo", "openssh-server", "openssh-client", "apache2-utils", "chromium", "fonts-dejavu-core", "nginx"];
}
