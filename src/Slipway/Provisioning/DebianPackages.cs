using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Provisioning;

/// <summary>
/// Makes sure the Debian packages a job needs are installed. As root on Debian/Ubuntu it installs
/// the missing ones with apt-get; elsewhere it prints the exact command and fails.
/// </summary>
public static class DebianPackages
{
    public static async Task<IReadOnlyList<string>> MissingAsync(IEnumerable<string> packages, CancellationToken ct = default)
    {
        var missing = new List<string>();
        foreach (var package in packages.Distinct())
        {
            var result = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Status}", package], null, null, null, ct);
            if (result.ExitCode != 0 || !result.StandardOutputText.Contains("install ok installed")) missing.Add(package);
        }
        return missing;
    }

    public static async Task EnsureAsync(IReadOnlyCollection<string> packages, IBuildLog log, bool dryRun,
        CancellationToken ct = default)
    {
        if (!File.Exists("/usr/bin/dpkg-query"))
        {
            log.Warn("not a Debian/Ubuntu machine: cannot check packages. Needed: " + string.Join(' ', packages));
            return;
        }
        var missing = await MissingAsync(packages, ct);
        if (missing.Count == 0) return;
        var install = new List<string> { "install", "-y", "-q", "--no-install-recommends" };
        install.AddRange(missing);
        var command = "apt-get update && apt-get " + string.Join(' ', install);
        if (dryRun) { log.Info($"would install missing packages: {command}"); return; }
        if (Environment.UserName != "root" && !IsRoot())
            throw new SlipwayException($"Missing packages: {string.Join(", ", missing)}. Fix: run as root: {command}");

        log.Info($"installing missing packages: {string.Join(' ', missing)}");
        var env = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await RunAptAsync(["update", "-q"], env, log, ct);
        using (ServiceStartsDenied())
            await RunAptAsync(install, env, log, ct);
    }

    private const string PolicyFile = "/usr/sbin/policy-rc.d";

    /// <summary>
    /// While packages install, their services (nginx on :80, sshd on :22) are not started on every interface: Slipway starts
    /// what it needs itself, on 127.0.0.1. Done as Debian's images do, with a policy-rc.d that denies starts (when none exists).
    /// </summary>
    private static IDisposable? ServiceStartsDenied()
    {
        if (File.Exists(PolicyFile)) return null;
        File.WriteAllText(PolicyFile, "#!/bin/sh\n# written by Slipway's Setup while it installs packages; removed afterwards\nexit 101\n");
        File.SetUnixFileMode(PolicyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                         UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return new Removal();
    }

    private sealed class Removal : IDisposable
    {
        public void Dispose() => File.Delete(PolicyFile);
    }

    private static async Task RunAptAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env,
        IBuildLog log, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync("apt-get", args, null, env, log.Detail, ct);
        if (result.ExitCode != 0)
            throw new SlipwayException($"apt-get {string.Join(' ', args)} failed (exit {result.ExitCode}). " +
                "Fix: check the machine's apt sources and network, then run it by hand.");
    }

    private static bool IsRoot() => Environment.GetEnvironmentVariable("USER") == "root" || GetEuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
