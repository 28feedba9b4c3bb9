using CliWrap;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Processes;

namespace Slipway.Tests.TestSupport;

/// <summary>
/// A second, fully separate Docker engine on this machine ("another host"): its own data-root, exec-root, pid file and
/// socket in a temp folder, vfs, no bridge. An image must really travel to get into it. Runs as a child of the test;
/// <see cref="DisposeAsync"/> removes its containers, stops it gracefully and deletes its folder.
/// </summary>
public sealed class SecondDockerEngine : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "slw-d2-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private CommandTask<CommandResult>? _process;

    /// <summary>unix:// endpoint of the engine (DOCKER_HOST value).</summary>
    public string Endpoint => $"unix://{_root}/docker.sock";
    public string LogFile => Path.Combine(_root, "dockerd.log");
    public IDockerClient Client { get; private set; } = null!;

    public static async Task<SecondDockerEngine> StartAsync()
    {
        var engine = new SecondDockerEngine();
        await engine.StartInternalAsync();
        return engine;
    }

    private async Task StartInternalAsync()
    {
        Directory.CreateDirectory(_root);
        _process = Cli.Wrap("dockerd")
            .WithArguments(
            [
                "--data-root", Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "exec"),
                "--pidfile", Path.Combine(_root, "docker.pid"), "-H", Endpoint,
                "--storage-driver=vfs", "--iptables=false", "--ip-masq=false", "--bridge=none",
            ])
            .WithStandardOutputPipe(PipeTarget.ToFile(LogFile + ".out"))
            .WithStandardErrorPipe(PipeTarget.ToFile(LogFile))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceful.Token, _graceful.Token);
        Client = new DockerClientConfiguration(new Uri(Endpoint)).CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.Task.IsCompleted)
                throw new InvalidOperationException($"second dockerd exited at start; see {LogFile}");
            try
            {
                await Client.System.PingAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var c in await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
                await Client.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true });
        }
        catch (Exception) { /* the engine may already be gone */ }
        Client?.Dispose();
        if (_process is not null)
        {
            _graceful.Cancel();
            _forceful.CancelAfter(TimeSpan.FromSeconds(30));
            try { await _process; }
            catch (OperationCanceledException) { }
        }
        // vfs layers are whole root filesystems: remove them with rm, which copes with read-only modes.
        await ProcessRunner.RunAsync("rm", ["-rf", "--one-file-system", _root]);
        _graceful.Dispose();
        _forceful.Dispose();
    }
}
