using Docker.DotNet;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Provisioning;

namespace Slipway.TestSupport;

/// <summary>
/// A second, fully separate dockerd in a temp folder (own data/exec root, pid file, unix socket, vfs, no bridge),
/// also listening on tcp://127.0.0.1:PORT with TLS client verification: a second "host" on this machine.
/// Its containers share the host network with the main engine's. Stopping it stops its containers; the folder goes.
/// </summary>
public sealed class SecondDockerEngine : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private string SsdPidFile => _dir.Combine("start-stop-daemon.pid");

    public string Socket => "unix://" + _dir.Combine("docker.sock");
    /// <summary>The unix socket endpoint, as a catalog's docker host or DOCKER_HOST takes it.</summary>
    public string Endpoint => Socket;
    public int TlsPort { get; } = FreePort.Next();
    public string TlsEndpoint => $"tcp://127.0.0.1:{TlsPort}";
    public TestCertificates Certificates { get; private set; } = null!;
    public string LogFile => _dir.Combine("dockerd.log");

    public IDockerClient Client() => new DockerClientConfiguration(new Uri(Socket)).CreateClient();

    /// <summary>Starts one; dispose it with <c>await using</c>.</summary>
    public static async Task<SecondDockerEngine> StartAsync()
    {
        var engine = new SecondDockerEngine();
        await engine.StartDaemonAsync();
        return engine;
    }

    private async Task StartDaemonAsync()
    {
        Certificates = TestCertificates.WriteTo(_dir.Combine("tls"));
        await File.WriteAllTextAsync(_dir.Combine("daemon.json"), "{}");
        string[] args =
        [
            "--config-file", _dir.Combine("daemon.json"),
            "--data-root", _dir.Combine("data"), "--exec-root", _dir.Combine("exec"), "--pidfile", _dir.Combine("docker.pid"),
            "-H", Socket, "-H", TlsEndpoint,
            "--tlsverify", "--tlscacert", Certificates.CaFile, "--tlscert", Certificates.ServerCertFile, "--tlskey", Certificates.ServerKeyFile,
            "--storage-driver=vfs", "--iptables=false", "--ip-masq=false", "--bridge=none",
        ];
        await Daemon.StartAsync(DockerEngine.DockerdPath, args, SsdPidFile, LogFile, new MemoryBuildLog());
        await Daemon.WaitUntilAsync(() => DockerEngine.AnswersAsync(Socket), TimeSpan.FromSeconds(60), "second dockerd", LogFile);
    }

    public async ValueTask DisposeAsync()
    {
        // Only the dockerd this fixture started, by its pid file; it stops its containers on the way out.
        await ProcessRunner.RunAsync("start-stop-daemon", ["--stop", "--pidfile", SsdPidFile, "--retry", "TERM/60/KILL/5"]);
        // dockerd leaves its netns mount behind (exec/netns/default): unmount what lies under the folder, deepest first.
        var mounts = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1])
            .Where(m => m.StartsWith(_dir.Path + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length);
        foreach (var mount in mounts) await ProcessRunner.RunAsync("umount", [mount]);
        // The vfs layers hold image root filesystems (dangling absolute symlinks, device nodes) that TempDir's managed
        // delete trips over; rm stays on this file system, so a mount that survived is never followed.
        await ProcessRunner.RunAsync("rm", ["-rf", "--one-file-system", "--", _dir.Path]);
    }
}
