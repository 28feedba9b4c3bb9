using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Slipway.Deploy;
using Slipway.Processes;
using Slipway.Registry;
using Slipway.Status;
using Xunit.Abstractions;
using static Slipway.TestSupport.ThreeModesChain;

namespace Slipway.Tests.Status;

/// <summary>
/// Status against real live targets of all three modes (one build, deployed as <see cref="ThreeModesChain"/> does):
/// the manifests repository and the fake cluster are read live, a drift made on purpose in each is flagged, and
/// targets that refuse or never answer are shown as unreachable within the timeout while the rest still renders.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class LiveTargetsStatusTests(ITestOutputHelper output)
{
    private const string EmptyKube = "modes-kube-empty";
    private const string AbsentRepo = "gone-pods";
    private const string RefusedRepo = "refused-pods";
    private const string SilentRepo = "silent-pods";
    private const string RefusedKube = "refused-kube";
    private const string SilentKube = "silent-kube";
    private static readonly string[] Reachable = [DockerEnvironment, StaticPodEnvironment, KubernetesEnvironment];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly string Rogue = "sha256:" + new string('e', 64);

    [Fact]
    public async Task Status_reads_manifests_and_deployments_live_flags_drift_in_each_and_shows_unreachable_targets()
    {
        // Accepts connections (the kernel does) and never answers: only the timeout ends a read.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var closedPort = FreePort.Next();
        string absentPath = "", refusedUrl = $"http://127.0.0.1:{closedPort}/pods.git", silentUrl = $"http://127.0.0.1:{silentPort}/pods.git";
        await using var modes = await ThreeModesChain.StartAsync((m, json) =>
        {
            absentPath = m.Scratch.Combine("no-such-repository.git");
            AddEnvironment(json, EmptyKube, KubernetesSpec(m.Kubeconfig, "slipway-empty"));
            AddEnvironment(json, AbsentRepo, StaticPodSpec(absentPath, "gone-node"));
            AddEnvironment(json, RefusedRepo, StaticPodSpec(refusedUrl, "refused-node"));
            AddEnvironment(json, SilentRepo, StaticPodSpec(silentUrl, "silent-node"));
            AddEnvironment(json, RefusedKube, KubernetesSpec(KubeconfigOn(m, closedPort), "slipway-modes"));
            AddEnvironment(json, SilentKube, KubernetesSpec(KubeconfigOn(m, silentPort), "slipway-modes"));
        });
        var chain = modes.Chain;
        var built = await chain.DeployAsync();
        await modes.DeployAsync(built, StaticPodEnvironment);
        await modes.DeployAsync(built, KubernetesEnvironment);
        using var ctx = modes.Context(DockerEnvironment);

        // A dry run reads the targets too, but fetches into a temporary folder: the state folder gets no cache.
        var dry = await BuildCli.RunAsync("Status", "--catalog", await WriteCatalogAsync(modes), "--state-directory", chain.Paths.Root,
            "--status-timeout", "3", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output());
        Assert.Contains($"live node 'modes-node-1': runs {Digests.Short(built.Digest!.Value)}", dry.Output());
        Assert.False(Directory.Exists(Path.Combine(chain.Paths.Root, "status")), "a dry run left a manifests cache in the state folder");

        // (a) every mode's live read shows the deployed digest and tag
        var clock = Stopwatch.StartNew();
        var matrix = await StatusCollector.CollectAsync(ctx, chain.Catalog.Environments.Keys.ToList(), Timeout);
        clock.Stop();
        output.WriteLine($"Status of {matrix.Cells.Count} cells (2 silent targets, timeout {Timeout.TotalSeconds}s) took {clock.Elapsed.TotalSeconds:0.00}s");
        foreach (var env in Reachable)
        {
            var cell = matrix.Cell(LocalChain.Service, env)!;
            Assert.True(cell.Drift.Count == 0, $"{env}: {string.Join("; ", cell.DriftNotes)}");
            Assert.Equal((built.Digest!.Value, built.Digest!.Value, built.Tag), (cell.LiveDigest, cell.Digest, cell.Tag));
            var target = Assert.Single(cell.Live);
            Assert.Equal((TargetState.Runs, built.Digest, built.Tag), (target.State, target.Digest, target.Tag));
        }
        Assert.Equal("node 'modes-node-1'", matrix.Cell(LocalChain.Service, StaticPodEnvironment)!.Live[0].Target);
        var deployment = matrix.Cell(LocalChain.Service, KubernetesEnvironment)!.Live[0];
        Assert.Equal(($"Deployment {KubeNamespace}/{LocalChain.Service} (context {KubeContext})", true), (deployment.Target, deployment.RolloutComplete));
        var empty = matrix.Cell(LocalChain.Service, EmptyKube)!;
        Assert.Equal((TargetState.Missing, "not deployed"), (Assert.Single(empty.Live).State, empty.Live[0].Detail));
        Assert.Empty(empty.Drift);

        // (c) refused and silent targets: unreachable, named, within the timeout; the rest is still there
        // Silent targets are cut at the timeout (without it, git waits forever and the client 100 s); slack for a loaded CI machine.
        Assert.True(clock.Elapsed < Timeout + TimeSpan.FromSeconds(15), $"Status took {clock.Elapsed}");
        AssertUnreachable(matrix, AbsentRepo, absentPath, "does not appear to be a git repository");
        AssertUnreachable(matrix, RefusedRepo, refusedUrl, "failed");
        AssertUnreachable(matrix, SilentRepo, silentUrl, "no answer within 3s");
        AssertUnreachable(matrix, RefusedKube, "context 'fake-admin'", "Connection refused");
        AssertUnreachable(matrix, SilentKube, "context 'fake-admin'", "no answer within 3s");
        var text = StatusTextRenderer.Render(matrix);
        Assert.Contains($"live node 'modes-node-1': runs {Digests.Short(built.Digest!.Value)}", text);
        Assert.Contains($"live Deployment {KubeNamespace}/{LocalChain.Service} (context {KubeContext}): runs {Digests.Short(built.Digest!.Value)} (rollout complete)", text);
        Assert.Contains($"(Deployment slipway-empty/{LocalChain.Service} (context {KubeContext}): not deployed)", text);
        Assert.Contains($"node 'silent-node': unreachable (manifests repository {silentUrl} (branch main): no answer within 3s)", text);
        var html = StatusHtmlRenderer.Render(matrix);
        Assert.Contains("<td class=\"unreachable\"", html);
        Assert.Contains("rollout complete", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=", html);

        // The same through the command line: exit 0, the page written, the unreachable ones named
        await AssertCliAsync(modes, built.Digest!.Value, silentUrl);

        // (b) someone commits another digest into the manifests repository and patches the Deployment's image
        await CommitToManifestsAsync(modes, text => text.Replace("@" + built.Digest, "@" + Rogue), "Hand-edited image");
        using (var client = modes.KubeClient())
            await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
                $$"""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"{{built.Settings.ImageRepository}}@{{Rogue}}"}]""",
                V1Patch.PatchType.JsonPatch), LocalChain.Service, KubeNamespace);
        var drifted = await StatusCollector.CollectAsync(ctx, Reachable, Timeout);
        Assert.Empty(drifted.Cell(LocalChain.Service, DockerEnvironment)!.Drift);
        foreach (var env in new[] { StaticPodEnvironment, KubernetesEnvironment })
        {
            var cell = drifted.Cell(LocalChain.Service, env)!;
            Assert.Equal(Rogue, cell.LiveDigest);
            Assert.Contains(DriftKind.LiveDiffersFromLedger, cell.Drift);
            Assert.Contains($"runs {Digests.Short(Rogue)} but the ledger's last deploy is {Digests.Short(built.Digest!.Value)}", cell.DriftNotes);
            Assert.Null(cell.Tag); // the recorded tag belongs to the ledger's digest, not to the hand-made one
        }
        Assert.Contains("2 cell(s) drift.", StatusTextRenderer.Render(drifted));

        // ... and someone deletes the node's manifest: missing, while the ledger says deployed
        await CommitToManifestsAsync(modes, _ => null, "Hand-removed pod");
        var removed = (await StatusCollector.CollectAsync(ctx, [StaticPodEnvironment], Timeout)).Cell(LocalChain.Service, StaticPodEnvironment)!;
        Assert.Equal(TargetState.Missing, Assert.Single(removed.Live).State);
        Assert.Equal([DriftKind.LiveDiffersFromLedger], removed.Drift);
        Assert.Contains($"node 'modes-node-1': missing: no {Node}/{LocalChain.Service}.yaml on main, but the ledger's last deploy is {Digests.Short(built.Digest!.Value)}",
            removed.DriftNotes);
    }

    private static void AssertUnreachable(StatusMatrix matrix, string env, string names, string reason)
    {
        var cell = matrix.Cell(LocalChain.Service, env)!;
        Assert.Equal([DriftKind.Unreachable], cell.Drift);
        var target = Assert.Single(cell.Live);
        Assert.Equal(TargetState.Unreachable, target.State);
        Assert.Contains(names, target.Detail);
        Assert.Contains(reason, target.Detail, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task AssertCliAsync(ThreeModesChain modes, string digest, string silentUrl)
    {
        var catalog = await WriteCatalogAsync(modes);
        var page = modes.Scratch.Combine("status.html");
        var result = await BuildCli.RunAsync("Status", "--catalog", catalog, "--state-directory", modes.Chain.Paths.Root,
            "--status-timeout", "3", "--html", page);
        var output = result.Output();
        Assert.True(result.ExitCode == 0, output);
        Assert.Contains($"live node 'modes-node-1': runs {Digests.Short(digest)}", output);
        Assert.Contains($"manifests repository {silentUrl} (branch main): no answer within 3s", output);
        Assert.Contains("Connection refused", output);
        var html = await File.ReadAllTextAsync(page);
        Assert.Contains(Digests.Short(digest), html);
        Assert.Contains("<td class=\"unreachable\"", html);
    }

    private static async Task<string> WriteCatalogAsync(ThreeModesChain modes)
    {
        var catalog = modes.Scratch.Combine("services.json");
        await File.WriteAllTextAsync(catalog, modes.Chain.CatalogText);
        return catalog;
    }

    // As someone would by hand: clone, change the node's manifest (null: delete it), commit, push.
    private static async Task CommitToManifestsAsync(ThreeModesChain modes, Func<string, string?> change, string message)
    {
        var work = modes.Scratch.Combine("hand-" + Guid.NewGuid().ToString("N")[..8]);
        (await ProcessRunner.RunAsync("git", ["clone", "-q", "--", modes.ManifestsRepository, work])).EnsureSuccess();
        var file = Path.Combine(work, Node, LocalChain.Service + ".yaml");
        var changed = change(await File.ReadAllTextAsync(file));
        if (changed is null) File.Delete(file); else await File.WriteAllTextAsync(file, changed);
        (await ProcessRunner.RunAsync("git", ["-C", work, "-c", "user.name=someone", "-c", "user.email=someone@example.invalid",
            "commit", "-q", "-a", "-m", message])).EnsureSuccess();
        (await ProcessRunner.RunAsync("git", ["-C", work, "push", "-q", "origin", "HEAD:main"])).EnsureSuccess();
    }

    private static string KubeconfigOn(ThreeModesChain modes, int port)
    {
        var path = modes.Scratch.Combine($"kubeconfig-{port}");
        File.WriteAllText(path, modes.Kube.Kubeconfig().Replace(modes.Kube.Url.ToString().TrimEnd('/'), $"{modes.Kube.Url.Scheme}://127.0.0.1:{port}"));
        return path;
    }
}
