using Slipway.Catalog;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Deploy.Docker;

/// <summary>
/// The OpenSSH client command for one catalog host: batch mode (never a prompt), strict host-key checking against the
/// catalog's known_hosts file (an unknown or changed key is refused, never accepted), the catalog's key only.
/// The remote command is one POSIX-quoted string, because sshd hands it to the remote user's shell.
/// </summary>
public sealed class SshEndpoint
{
    /// <summary>The catalog host name, for messages.</summary>
    public string HostName { get; }
    public SshTargetSpec Spec { get; }
    /// <summary>known_hosts file used (absolute), or null for OpenSSH's default (~/.ssh/known_hosts).</summary>
    public string? KnownHostsFile { get; }
    /// <summary>Private key file (absolute), or null for the ssh client's defaults.</summary>
    public string? IdentityFile { get; }

    /// <summary>Creates the endpoint; relative key and known_hosts paths resolve with <paramref name="resolvePath"/>.</summary>
    public SshEndpoint(string hostName, SshTargetSpec spec, Func<string, string> resolvePath)
    {
        HostName = hostName;
        Spec = spec;
        KnownHostsFile = string.IsNullOrEmpty(spec.KnownHostsFile) ? null : resolvePath(spec.KnownHostsFile);
        IdentityFile = string.IsNullOrEmpty(spec.IdentityFile) ? null : resolvePath(spec.IdentityFile);
    }

    /// <summary>user@host:port, for messages.</summary>
    public string Display => $"{Spec.User}@{Spec.Host}:{Spec.Port}";

    /// <summary>The ssh arguments running <paramref name="remoteCommand"/> (words, quoted here) on the host.</summary>
    public IReadOnlyList<string> Arguments(IEnumerable<string> remoteCommand)
    {
        var args = new List<string>
        {
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "ConnectTimeout=15",
            "-o", "ServerAliveInterval=15",
            "-o", "LogLevel=ERROR",
        };
        if (KnownHostsFile is not null) args.AddRange(["-o", $"UserKnownHostsFile={KnownHostsFile}", "-o", "GlobalKnownHostsFile=/dev/null"]);
        if (IdentityFile is not null) args.AddRange(["-o", "IdentitiesOnly=yes", "-i", IdentityFile]);
        args.AddRange(["-p", Spec.Port.ToString(), "-l", Spec.User, Spec.Host, "--"]);
        args.Add(string.Join(' ', remoteCommand.Select(ShellQuoting.Quote)));
        return args;
    }

    /// <summary>The docker CLI on the host, with the catalog's DOCKER_HOST when set.</summary>
    public IEnumerable<string> Docker(params string[] args) =>
        Spec.DockerHost is { } dockerHost ? ["env", $"DOCKER_HOST={dockerHost}", "docker", .. args] : ["docker", .. args];

    /// <summary>Turns a failed ssh run into an error naming the host and what to fix (exit 255 is ssh's own failure).</summary>
    public SlipwayException Failure(string what, int exitCode, string stderr)
    {
        var detail = stderr.Trim();
        if (exitCode == 255 && detail.Contains("Host key verification failed", StringComparison.OrdinalIgnoreCase))
            return new SlipwayException(
                $"{what} on host '{HostName}' ({Display}) refused: Host key verification failed: the key {Spec.Host}:{Spec.Port} presented is not " +
                $"the one pinned in {KnownHostsFile ?? "~/.ssh/known_hosts"}. Fix: if the host was really re-keyed, get its new key out of band, " +
                "check its fingerprint, and put it in that known_hosts file; otherwise treat this as an attack");
        if (exitCode == 255)
            return new SlipwayException($"{what} on host '{HostName}' failed: ssh could not connect or log in to {Display} ({detail}). " +
                                        $"Fix: check that sshd answers there, the user, and the key {IdentityFile ?? "(ssh defaults)"}");
        return new SlipwayException($"{what} on host '{HostName}' ({Display}) failed with exit code {exitCode}: {detail}. " +
                                    "Fix: check the docker engine there (catalog ssh.dockerHost) and its disk space");
    }
}
