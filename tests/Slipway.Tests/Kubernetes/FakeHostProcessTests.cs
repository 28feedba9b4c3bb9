using System.Diagnostics;
using Slipway.Processes;

namespace Slipway.Tests.Kubernetes;

/// <summary>tests/Slipway.Kubernetes.FakeHost as a user runs it: prints ready, kubectl works with the kubeconfig it wrote, SIGTERM stops it.</summary>
public sealed class FakeHostProcessTests : IDisposable
{
    private static readonly string HostDll = Path.Combine(RepoRoot.Path, "tests", "Slipway.Kubernetes.FakeHost", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Slipway.Kubernetes.FakeHost.dll");

    private readonly TempDir _dir = new();

    [Fact]
    public async Task Nodes_named_on_the_command_line_are_served_to_kubectl_and_SIGTERM_stops_it()
    {
        var output = await RunUntilStoppedAsync(["--node", "edge-1:nce-env=pubtest,zone=a"], "edge-1", "nce-env=pubtest,zone=a");
        Assert.DoesNotContain("online-region1", output);
    }

    [Fact]
    public async Task Without_node_flags_there_is_a_node_per_nce_env_of_the_shipped_catalog()
    {
        var output = await RunUntilStoppedAsync([], "online-region1", "nce-env=online-region1");
        foreach (var env in new[] { "pubtest", "online-region2", "online-region3" }) Assert.Contains($"nce-env={env}", output);
    }

    /// <summary>Starts the host, waits for ready, runs <c>kubectl get nodes --show-labels</c>, sends SIGTERM; returns kubectl's output.</summary>
    private async Task<string> RunUntilStoppedAsync(string[] nodeArgs, params string[] expected)
    {
        Assert.True(File.Exists(HostDll), $"{HostDll} is missing: build tests/Slipway.Tests (it builds the FakeHost)");
        var kubeconfig = _dir.Combine("kubeconfig");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot.Path };
        foreach (var arg in new[] { HostDll, "--kubeconfig", kubeconfig }.Concat(nodeArgs)) start.ArgumentList.Add(arg);
        using var host = Process.Start(start)!;
        var lines = new List<string>();
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        host.BeginOutputReadLine();
        try
        {
            await Poll.UntilAsync(() => { lock (lines) return lines.Contains("ready") || host.HasExited; }, "the FakeHost to print ready", seconds: 30);
            if (host.HasExited) Assert.Fail($"the FakeHost exited ({host.ExitCode}): {await host.StandardError.ReadToEndAsync()}");

            var result = await new Kubectl(kubeconfig, _dir.Combine("cache")).RunAsync("get", "nodes", "--show-labels");
            Assert.True(result.Succeeded, result.StandardErrorText);
            foreach (var text in expected) Assert.Contains(text, result.StandardOutputText);

            (await ProcessRunner.RunAsync("kill", ["-TERM", host.Id.ToString()])).EnsureSuccess();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, host.ExitCode);
            return result.StandardOutputText;
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => _dir.Dispose();
}
