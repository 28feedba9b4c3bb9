using Docker.DotNet;
using Slipway.Diagnostics;

namespace Slipway.Provisioning;

/// <summary>
/// Makes sure a Docker engine answers on this machine's socket, starting dockerd when root may.
/// The flags are the ones that work without a bridge or iptables (see the field guide): vfs storage,
/// no bridge; every build and container then uses host networking.
/// </summary>
public static class DockerEngine
{
    public const string DefaultSocket = Chain.DockerClients.DefaultSocket;
    public const string DockerdPath = "/usr/sbin/dockerd";

    public static async Task<bool> AnswersAsync(string endpoint, CancellationToken ct = default)
    {
        try
        {
            using var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task EnsureRunningAsync(string stateDirectory, IBuildLog log, bool dryRun, CancellationToken ct = default)
    {
        var args = new[] { "--storage-driver=vfs", "--iptables=false", "--ip-masq=false", "--bridge=none" };
        if (dryRun)
        {
            log.Info($"would make sure a Docker engine answers on {DefaultSocket}, else start {DockerdPath} {string.Join(' ', args)}");
            return;
        }
        if (await AnswersAsync(DefaultSocket, ct)) return;
        if (!File.Exists(DockerdPath))
            throw new SlipwayException("No Docker engine answers on /var/run/docker.sock and dockerd is not installed. " +
                "Fix: apt-get install -y docker.io (as root), or point DOCKER_HOST at an engine.");
        var logFile = Path.Combine(stateDirectory, "dockerd.log");
        await Daemon.StartAsync(DockerdPath, args, Path.Combine(stateDirectory, "dockerd.pid"), logFile, log, ct);
        await Daemon.WaitUntilAsync(() => AnswersAsync(DefaultSocket, ct), TimeSpan.FromSeconds(60), "dockerd", logFile, ct);
        log.Info("dockerd is up");
    }
}
