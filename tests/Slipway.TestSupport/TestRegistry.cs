using System.Diagnostics;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Registry;

namespace Slipway.TestSupport;

/// <summary>
/// A throw-away docker-registry on a random free loopback port with its data in a temp folder, owned by a test:
/// it can be killed and restarted (an outage), and disposing it kills the process and deletes the folder.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private readonly LocalRegistryOptions _options;
    private LocalRegistryServer _server;
    private string? _tinyDisk;

    private TestRegistry(LocalRegistryServer server, LocalRegistryOptions options) => (_server, _options) = (server, options);

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Url => _server.Url;
    /// <summary>"127.0.0.1:PORT", the registry part of image references.</summary>
    public string Host => _server.Host;
    public int Port => _server.Port;
    /// <summary>Folder holding config, storage, log and pid file.</summary>
    public string DataDirectory => _server.DataDirectory;
    /// <summary>Process id of the registry; changes on <see cref="RestartAsync"/>.</summary>
    public int? ProcessId => _server.ProcessId;

    public static async Task<TestRegistry> StartAsync(LocalRegistryOptions? options = null, IBuildLog? log = null, CancellationToken ct = default)
    {
        options ??= new LocalRegistryOptions();
        log ??= new MemoryBuildLog();
        for (var attempt = 1; ; attempt++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "slipway-registry-" + Guid.NewGuid().ToString("N")[..12]);
            try
            {
                return new TestRegistry(await LocalRegistryServer.StartAsync(dir, FreePort.Next(), log, options, ct), options);
            }
            catch (SlipwayException) when (attempt < 3)
            {
                TryDelete(dir); // the port was probably taken between probing and binding: try another
            }
        }
    }

    /// <summary>
    /// A registry whose storage is a tmpfs of <paramref name="megabytes"/> MB (mounting needs root, as the test machine runs
    /// the suite), so a test can fill its disk (<see cref="FillStorageAsync"/>) as a production registry's fills up.
    /// </summary>
    public static async Task<TestRegistry> StartOnTinyDiskAsync(int megabytes)
    {
        var dir = Path.Combine(Path.GetTempPath(), "slipway-registry-" + Guid.NewGuid().ToString("N")[..12]);
        var storage = Path.Combine(dir, "storage");
        Directory.CreateDirectory(storage);
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", storage]);
        if (mount.ExitCode != 0)
        {
            TryDelete(dir);
            throw new InvalidOperationException($"cannot mount a {megabytes} MB tmpfs on {storage} (the tiny-disk registry needs root): " +
                                                mount.StandardErrorText);
        }
        try
        {
            var options = new LocalRegistryOptions();
            return new TestRegistry(await LocalRegistryServer.StartAsync(dir, FreePort.Next(), new MemoryBuildLog(), options), options)
            {
                _tinyDisk = storage,
            };
        }
        catch
        {
            await ProcessRunner.RunAsync("umount", [storage]);
            TryDelete(dir);
            throw;
        }
    }

    /// <summary>Fills the tiny disk (<see cref="StartOnTinyDiskAsync"/>) with a file until not one more byte fits.</summary>
    public async Task FillStorageAsync()
    {
        var filler = Path.Combine(_tinyDisk ?? throw new InvalidOperationException("only a registry on a tiny disk can be filled"), "filler");
        var chunk = new byte[4096];
        await using var file = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true) await file.WriteAsync(chunk);
        }
        catch (IOException) { /* full: ENOSPC */ }
    }

    /// <summary>
    /// Kills the registry with SIGKILL, as a crash or an OOM kill would: no graceful shutdown, uploads in flight are cut
    /// off. Storage stays, so <see cref="RestartAsync"/> brings the same registry back.
    /// </summary>
    public Task StopAsync() => KillAsync(_server);

    /// <summary>Kills <paramref name="server"/> (SIGKILL; by its pid file when its pid is not known) and waits until it is gone.</summary>
    public static async Task KillAsync(LocalRegistryServer server)
    {
        var pid = server.ProcessId ?? LocalRegistryServer.ReadPid(server.DataDirectory);
        if (pid is null) return;
        try
        {
            using var process = Process.GetProcessById(pid.Value);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException) { /* already gone */ }
        catch (InvalidOperationException) { /* already gone */ }
        // The registry is not our child (setsid + reparenting): poll until it is gone or a zombie, with a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ProcessLiveness.IsAlive(pid.Value) && DateTime.UtcNow < deadline) await Task.Delay(25);
        try { File.Delete(Path.Combine(server.DataDirectory, "registry.pid")); } catch (IOException) { }
    }

    /// <summary>Starts the registry again on the same port with the same storage; a registry that still answers is left alone.</summary>
    public async Task RestartAsync(IBuildLog? log = null, CancellationToken ct = default)
    {
        if (await LocalRegistryServer.AnswersAsync(Port, ct)) return;
        _server = await LocalRegistryServer.StartAsync(DataDirectory, Port, log ?? new MemoryBuildLog(), _options, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_tinyDisk is not null) await ProcessRunner.RunAsync("umount", [_tinyDisk]);
        TryDelete(DataDirectory);
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
