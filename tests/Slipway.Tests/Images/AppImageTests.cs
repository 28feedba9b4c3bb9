using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Slipway.Tests.Images;

/// <summary>
/// The application image for real: layer digests from the registry across rebuilds and a code change, and the
/// start script's behaviour in running containers (port, NCE_CONF overlay, heap flags, PID 1, graceful stop,
/// log file, zombie reaping, bad NCE_CONF).
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class AppImageTests(AppImageFixture fx, ITestOutputHelper output) : IClassFixture<AppImageFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public void Rebuilding_the_same_commit_from_a_fresh_workspace_gives_the_same_layer_digests()
    {
        output.WriteLine($"first build {fx.FirstBuildTime.TotalSeconds:F1} s, fresh-workspace rebuild {fx.RebuildTime.TotalSeconds:F1} s, " +
                         $"after the servlet change {fx.ChangedBuildTime.TotalSeconds:F1} s");
        Assert.False(fx.Rebuilt.Reused);
        Assert.NotEqual(fx.First.Tag, fx.Rebuilt.Tag);
        Assert.Equal(fx.First.Checkout!.Sha, fx.Rebuilt.Checkout!.Sha);
        Assert.Equal(fx.First.Image!.Base.Layers.Count + 5, fx.FirstManifest.Layers.Count);
        Assert.Equal(fx.FirstManifest.Layers.Select(l => l.Digest), fx.RebuiltManifest.Layers.Select(l => l.Digest));
        foreach (var (layer, i) in fx.FirstManifest.Layers.Select((l, i) => (l, i)))
            output.WriteLine($"layer {i}: {layer.Digest} {layer.Size} bytes");
    }

    [Fact]
    public void A_one_line_servlet_change_changes_only_the_classes_layer()
    {
        var first = fx.FirstManifest.Layers.Select(l => l.Digest).ToList();
        var changed = fx.ChangedManifest.Layers.Select(l => l.Digest).ToList();
        Assert.Equal(first.Count, changed.Count);
        var differing = Enumerable.Range(0, first.Count).Where(i => first[i] != changed[i]).ToList();
        var index = Assert.Single(differing);
        Assert.Equal(fx.Changed.Image!.Layers.Single(l => l.Name == "classes").Digest, changed[index]);
        // only the classes layer and the config travel
        Assert.Matches(new Regex(@"blobs: \d+ already there, 0 mounted from \S+, 2 uploaded"), fx.ChangedLog);
    }

    [Fact]
    public async Task A_running_container_honours_the_settings_runs_java_under_dumb_init_and_stops_gracefully()
    {
        var port = FreePort.Next();
        var name = await fx.Containers.RunAsync("main", fx.Image, new Dictionary<string, string>
        {
            ["NCE_PORT"] = port.ToString(), ["NCE_ADDRESS"] = "127.0.0.1", ["NCE_CONF"] = "local",
            ["NCE_XMS"] = "64m", ["NCE_XMX"] = "160m", ["NCE_JAVA_OPTS"] = "-Xmx200m -Dslipway.test=yes",
        });
        Assert.True(await TestContainers.EventuallyAsync(() => IsHealthyAsync(port), TimeSpan.FromSeconds(90)),
            $"/health on {port} never answered 200:\n{await TestContainers.LogsAsync(name)}");

        var body = await Http.GetStringAsync($"http://127.0.0.1:{port}/");
        Assert.Contains("\"message\":\"hello from local\"", body);
        Assert.Contains($"\"port\":{port}", body);

        var processes = await ProcessesAsync(name);
        Assert.StartsWith("/usr/bin/dumb-init", await CmdlineAsync(name, 1));
        var java = Assert.Single(processes, p => p.Comm == "java");
        Assert.Equal(1, java.Ppid);
        var javaArgs = (await CmdlineAsync(name, java.Pid)).Split(' ');
        Assert.Contains("-Xms64m", javaArgs);
        Assert.Contains($"-Dhttp.port={port}", javaArgs);
        Assert.Contains("-Dslipway.test=yes", javaArgs);
        Assert.True(Array.IndexOf(javaArgs, "-Xmx160m") >= 0 && Array.IndexOf(javaArgs, "-Xmx160m") < Array.IndexOf(javaArgs, "-Xmx200m"),
            "NCE_JAVA_OPTS must come after the heap flags: " + string.Join(' ', javaArgs));
        Assert.Equal([port], await ListeningPortsAsync(name, java.Pid));

        var watch = Stopwatch.StartNew();
        await TestContainers.DockerAsync("stop", "-t", "30", name);
        watch.Stop();
        output.WriteLine($"docker stop took {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal("143", (await TestContainers.DockerAsync("inspect", "-f", "{{.State.ExitCode}}", name)).Trim());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"docker stop took {watch.Elapsed}");
        var logs = await TestContainers.LogsAsync(name);
        Assert.Contains("Stopping ProtocolHandler", logs);
        Assert.Contains("Destroying ProtocolHandler", logs);
        using var dir = new TempDir();
        await TestContainers.DockerAsync("cp", $"{name}:/var/log/slipway/catalina.log", dir.Combine("catalina.log"));
        var file = await File.ReadAllTextAsync(dir.Combine("catalina.log"));
        Assert.Contains("Stopping ProtocolHandler", file);
        Assert.Contains("Destroying ProtocolHandler", file);
    }

    [Fact]
    public async Task An_orphaned_child_of_a_sidecar_is_reaped()
    {
        var name = await fx.Containers.RunAsync("sidecar", fx.Image, new Dictionary<string, string>
        {
            ["NCE_PORT"] = FreePort.Next().ToString(), ["NCE_ADDRESS"] = "127.0.0.1", ["NCE_CONF"] = "local",
            ["NCE_SIDECAR"] = "sleep 4 & echo sidecar-started; exit 0",
        });
        // the sidecar exits at once; its child sleep is orphaned and re-parented to PID 1 (dumb-init)
        Assert.True(await TestContainers.EventuallyAsync(async () =>
            (await ProcessesAsync(name)).Any(p => p.Comm == "sleep" && p.Ppid == 1), TimeSpan.FromSeconds(30)),
            "never saw the orphaned sleep under PID 1");
        Assert.True(await TestContainers.EventuallyAsync(async () =>
            !(await ProcessesAsync(name)).Any(p => p.Comm == "sleep"), TimeSpan.FromSeconds(30)),
            "the orphan did not go away: " + string.Join("; ", await ProcessesAsync(name)));
        Assert.DoesNotContain(await ProcessesAsync(name), p => p.State.StartsWith('Z'));
        Assert.Contains("sidecar-started", await TestContainers.LogsAsync(name));
    }

    [Fact]
    public async Task An_NCE_CONF_naming_no_folder_fails_at_start_with_exit_64_and_says_which_folders_exist()
    {
        var name = await fx.Containers.RunAsync("badconf", fx.Image, new Dictionary<string, string>
        {
            ["NCE_PORT"] = FreePort.Next().ToString(), ["NCE_ADDRESS"] = "127.0.0.1", ["NCE_CONF"] = "production",
        });
        Assert.Equal("64", (await TestContainers.DockerAsync("wait", name)).Trim());
        var logs = await TestContainers.LogsAsync(name);
        Assert.Contains("NCE_CONF='production'", logs);
        Assert.Contains("local", logs);
        Assert.Contains("staging", logs);
        Assert.DoesNotContain("Catalina", logs);
    }

    private static async Task<bool> IsHealthyAsync(int port)
    {
        try { return (int)(await Http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode == 200; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    private sealed record Proc(int Pid, int Ppid, string State, string Comm);

    private static async Task<List<Proc>> ProcessesAsync(string container) =>
        (await TestContainers.DockerAsync("exec", container, "ps", "-eo", "pid=,ppid=,stat=,comm="))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 4)
            .Select(f => new Proc(int.Parse(f[0]), int.Parse(f[1]), f[2], f[3].Trim()))
            .ToList();

    private static async Task<string> CmdlineAsync(string container, int pid) =>
        (await TestContainers.DockerAsync("exec", container, "cat", $"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();

    /// <summary>The TCP ports <paramref name="pid"/> listens on: its socket inodes matched against /proc/net/tcp{,6} in LISTEN state.</summary>
    private static async Task<List<int>> ListeningPortsAsync(string container, int pid)
    {
        var fds = await TestContainers.DockerAsync("exec", container, "ls", "-l", $"/proc/{pid}/fd");
        var inodes = Regex.Matches(fds, @"socket:\[(\d+)\]").Select(m => m.Groups[1].Value).ToHashSet();
        var table = await TestContainers.DockerAsync("exec", container, "cat", "/proc/net/tcp", "/proc/net/tcp6");
        return table.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[3] == "0A" && inodes.Contains(f[9]))
            .Select(f => Convert.ToInt32(f[1].Split(':')[1], 16))
            .Distinct().Order().ToList();
    }
}
